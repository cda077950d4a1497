import { nanoid } from 'nanoid'
import type { MemberRow, SituationRows } from '../storage/situations.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { FollowUpReads } from '../storage/follow-up-reads.ts'
import type { ProgressAnswerRow, ProgressRequestRow, ProgressRows, ProgressStatus } from '../storage/progress.ts'
import type { RecordRows } from '../storage/records.ts'
import type { PlanActionRows } from '../storage/plan-actions.ts'
import type { Actor } from './memberships.ts'
import { DomainError } from './errors.ts'
import { applyStageTrigger } from './stage.ts'
import type { ProgressRequest, SituationProgress } from '../../shared/api/follow-up.ts'

export interface ProgressDeps {
  situations: SituationRows
  audit: AuditRows
  records: RecordRows
  progress: ProgressRows
  reads: FollowUpReads
  planActions: Pick<PlanActionRows, 'forAction'>
}

/**
 * Who answers for an action: the member it names, or for an organisation
 * the first member of that organisation with an account. Null when nobody
 * in the circle can answer (an outside organisation without an account).
 */
export function ownerMember(members: MemberRow[], owner: string | null): MemberRow | null {
  if (!owner) return null
  return members.find((m) => m.id === owner && m.userId) ?? members.find((m) => m.organisation === owner && m.userId) ?? null
}

/**
 * The coordinator asks action owners for their progress ("point d'étape"):
 * one open request per action and owner (asking again keeps the first).
 * Done or dropped actions are not asked about. Starting this puts a
 * validated plan in follow-up.
 */
export async function requestProgress(
  deps: ProgressDeps,
  situationId: string,
  input: { actionIds?: string[]; message?: string },
  actor: Actor,
  now = new Date(),
): Promise<{ requests: (ProgressRequestRow & { actionTitle: string; ownerName: string })[]; unreachable: { actionId: string; title: string }[] }> {
  const members = await deps.situations.activeMembers(situationId)
  const actions = await deps.reads.actions(situationId)
  const wanted = input.actionIds ? new Set(input.actionIds) : null
  if (wanted) for (const id of wanted) if (!actions.some((a) => a.actionId === id)) throw new DomainError(400, 'unknown action', { field: 'actionIds', actionId: id })
  const requests: (ProgressRequestRow & { actionTitle: string; ownerName: string })[] = []
  const unreachable: { actionId: string; title: string }[] = []
  for (const action of actions) {
    if (wanted ? !wanted.has(action.actionId) : action.status === 'done' || action.status === 'dropped') continue
    const owner = ownerMember(members, action.owner)
    if (!owner) {
      unreachable.push({ actionId: action.actionId, title: action.title })
      continue
    }
    const existing = await deps.progress.openRequest(situationId, action.actionId, owner.id)
    const row = existing ?? {
      id: nanoid(12),
      situationId,
      actionId: action.actionId,
      ownerMemberId: owner.id,
      requestedBy: actor.userId,
      requestedAt: now.toISOString(),
      message: input.message ?? '',
      answeredAt: null,
    }
    if (!existing) {
      await deps.progress.insertRequest(row)
      await deps.audit.append({ situationId, userId: actor.userId, action: 'progress.request', target: action.actionId, detail: { owner: owner.id }, address: actor.address || null }, now)
    }
    requests.push({ ...row, actionTitle: action.title, ownerName: owner.name })
  }
  if (requests.length > 0) await applyStageTrigger(deps, situationId, 'followUpStarted', { actor, detail: 'point d’étape demandé aux porteurs d’actions', now })
  return { requests, unreachable }
}

/**
 * The owner answers in a few clicks: done, under way (with an optional
 * note), or blocked (a reason is required). Only the action's owner (the
 * member, or a member of the owning organisation) answers.
 */
export async function answerProgress(
  deps: ProgressDeps,
  situationId: string,
  actionId: string,
  member: MemberRow,
  input: { status: ProgressStatus; note?: string },
  actor: Actor,
  now = new Date(),
): Promise<ProgressAnswerRow> {
  const action = (await deps.reads.actions(situationId)).find((a) => a.actionId === actionId)
  if (!action) throw new DomainError(404, 'action not found')
  const owns = action.owner === member.id || (member.organisation !== '' && action.owner === member.organisation)
  if (!owns) throw new DomainError(403, 'only the action’s owner gives its progress')
  const note = input.note?.trim() ?? ''
  if (input.status === 'blocked' && !note) throw new DomainError(400, 'say what blocks the action', { field: 'note' })
  const open = await deps.progress.openRequest(situationId, actionId, member.id)
  const row: ProgressAnswerRow = { id: nanoid(12), situationId, actionId, requestId: open?.id ?? null, status: input.status, note, userId: actor.userId, memberId: member.id, at: now.toISOString() }
  await deps.progress.answer(row)
  await deps.audit.append({ situationId, userId: actor.userId, action: `progress.${input.status}`, target: actionId, address: actor.address || null }, now)
  return row
}

/** The latest answer per action, for the plan's display. */
export async function latestProgress(deps: Pick<ProgressDeps, 'progress'>, situationId: string, until?: string): Promise<Map<string, ProgressAnswerRow>> {
  const map = new Map<string, ProgressAnswerRow>()
  for (const row of await deps.progress.answers(situationId)) if (!until || row.at <= until) map.set(row.actionId, row)
  return map
}

/** Answers (latest per action) and open requests of a situation, named, for the plan's display. */
export async function situationProgress(deps: ProgressDeps, situationId: string): Promise<SituationProgress> {
  const members = new Map((await deps.situations.activeMembers(situationId)).map((m) => [m.id, m.name]))
  const title = async (actionId: string) => (await deps.planActions.forAction(situationId, actionId))?.title ?? ''
  const answers = await Promise.all([...(await latestProgress(deps, situationId)).values()].map(async (row) => ({
    actionId: row.actionId,
    actionTitle: await title(row.actionId),
    status: row.status,
    note: row.note,
    by: row.userId,
    byName: members.get(row.memberId) ?? '',
    at: row.at,
  })))
  const open = await Promise.all((await deps.progress.requests(situationId))
    .filter((r) => r.answeredAt === null)
    .map(async (r) => ({ id: r.id, actionId: r.actionId, actionTitle: await title(r.actionId), owner: r.ownerMemberId, ownerName: members.get(r.ownerMemberId) ?? '', requestedAt: r.requestedAt })))
  return { answers, open }
}

/** The progress checks waiting for one user, across the situations whose plan they may read. */
export async function progressRequestsOf(deps: ProgressDeps & { canRead: (situationId: string, userId: string) => Promise<boolean> }, userId: string): Promise<ProgressRequest[]> {
  const requests: ProgressRequest[] = []
  for (const member of await deps.situations.membershipsOfUser(userId)) {
    if (!(await deps.canRead(member.situationId, userId))) continue
    const situationTitle = (await deps.situations.situationById(member.situationId))?.title ?? ''
    requests.push(...(await Promise.all((await deps.progress.openForMember(member.situationId, member.id)).map(async (request) => ({
      id: request.id,
      situationId: member.situationId,
      situationTitle,
      actionId: request.actionId,
      actionTitle: (await deps.planActions.forAction(member.situationId, request.actionId))?.title ?? '',
      message: request.message,
      requestedAt: request.requestedAt,
    })))))
  }
  return requests
}
