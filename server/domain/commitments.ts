import { nanoid } from 'nanoid'
import type { MemberRow, SituationRows } from '../storage/situations.ts'
import type { RecordRows, CommitmentRow } from '../storage/records.ts'
import type { PlanActionRows } from '../storage/plan-actions.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { LiveDocuments } from './live-documents.ts'
import { DomainError } from './errors.ts'
import { refreshDisplayCopies } from './display-copies.ts'

export interface CommitmentDeps {
  situations: SituationRows
  records: RecordRows
  planActions: PlanActionRows
  audit: AuditRows
  rooms: LiveDocuments
}

/** Every commitment statement of a situation, oldest first (the plan's readers read it; checked by the caller). */
export const commitmentHistory = (deps: Pick<CommitmentDeps, 'records'>, situationId: string) => deps.records.commitmentHistory(situationId)

/**
 * A partner's commitment to an action (PAG): given by the partner who owns
 * it — its member, or a member of the owning organisation. A partner without
 * an account (an ESAT, a town hall) gives it at the meeting and the
 * coordinator records it for them. Nobody commits for another partner who
 * has an account.
 */
export async function recordCommitment(
  deps: CommitmentDeps,
  situationId: string,
  actor: { member: MemberRow; userId: string; address?: string },
  actionId: string,
  input: { status: CommitmentRow['status']; comment?: string },
  now = new Date(),
): Promise<CommitmentRow> {
  const action = await deps.planActions.forAction(situationId, actionId)
  if (!action) throw new DomainError(404, 'action not found')
  const members = await deps.situations.activeMembers(situationId)
  const owners = members.filter((m) => m.id === action.owner || (m.organisation !== '' && m.organisation === action.owner))
  const ownsIt = owners.some((m) => m.id === actor.member.id)
  const ownerHasAccount = owners.some((m) => m.userId !== null)
  const recordsForOwner = actor.member.role === 'coordinator' && !ownerHasAccount
  if (!ownsIt && !recordsForOwner) throw new DomainError(403, 'only the partner who owns this action can commit to it')
  const row: CommitmentRow = {
    id: nanoid(12),
    situationId,
    actionId,
    status: input.status,
    comment: input.comment ?? '',
    userId: actor.userId,
    memberId: ownsIt ? actor.member.id : (owners[0]?.id ?? actor.member.id),
    at: now.toISOString(),
  }
  await deps.records.insertCommitment(row)
  await deps.audit.append({ situationId, userId: actor.userId, action: `commitment.${input.status}`, target: actionId, detail: { recordedForPartner: !ownsIt }, address: actor.address ?? null })
  await refreshDisplayCopies(deps, situationId)
  return row
}
