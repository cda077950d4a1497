import { nanoid } from 'nanoid'
import { speaksForPerson, type Role } from '../../shared/domain/roles.ts'
import type { AccessService } from '../auth/access.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { ConsentRows } from '../storage/consent.ts'
import type { SituationRow, SituationRows } from '../storage/situations.ts'
import type { ConsentState } from '../../shared/api/records.ts'
import { DomainError } from './errors.ts'
import type { LiveDocuments } from './live-documents.ts'
import { assertSituationOpen } from './open-situation.ts'
import { revalidateSituation } from './revocation.ts'

export interface ConsentDeps {
  access: AccessService
  consent: ConsentRows
  audit: Pick<AuditRows, 'append'>
  rooms: LiveDocuments
  situations: Pick<SituationRows, 'memberById'>
}

export interface ConsentInput {
  status: 'agreed' | 'objected'
  how?: 'inApp' | 'oral' | 'written' | 'meeting'
  informed?: boolean
  givenAt?: string
  givenByMemberId?: string
  comment?: string
}

/**
 * Records the person's consent to sharing, or their objection. The person or
 * their legal representative records it in the app; the coordinator records
 * how and when it was given, naming who gave it. A closed situation takes no
 * new record except an objection (restricting the sharing of one's own data
 * is never refused: it only narrows reads). Audited; live connections are
 * re-decided at once, so an objection closes the reads it removes.
 */
export async function recordConsent(
  deps: ConsentDeps,
  input: { situation: SituationRow; member: { id: string; role: Role }; userId: string; body: ConsentInput; address?: string | null },
) {
  const { situation, member, body } = input
  if (body.status !== 'objected') assertSituationOpen(situation)
  let givenBy = member
  if (member.role === 'coordinator') {
    if (!body.givenByMemberId) throw new DomainError(400, 'invalid or missing field: givenByMemberId', { field: 'givenByMemberId' })
    const giver = await deps.situations.memberById(situation.id, body.givenByMemberId)
    if (!giver || !speaksForPerson(giver.role)) {
      throw new DomainError(400, 'consent is given by the person or their legal representative', { field: 'givenByMemberId' })
    }
    givenBy = giver
  }
  const now = new Date().toISOString()
  const row = {
    id: nanoid(12),
    situationId: situation.id,
    status: body.status,
    informed: body.informed ?? true,
    how: member.role === 'coordinator' ? (body.how ?? 'oral') : 'inApp',
    givenByMember: givenBy.id,
    recordedBy: input.userId,
    givenAt: body.givenAt ?? now,
    recordedAt: now,
    comment: body.comment ?? '',
  }
  await deps.consent.insert(row)
  await deps.audit.append({ situationId: situation.id, userId: input.userId, action: `consent.${body.status}`, target: givenBy.id, detail: { how: row.how }, address: input.address })
  await revalidateSituation(deps, situation.id)
  return row
}

/** The consent record of a situation: the newest statement first, and whether an objection stands (read right checked by the caller). */
export async function consentState(deps: { consent: Pick<ConsentRows, 'history'> }, situationId: string): Promise<ConsentState> {
  const history = await deps.consent.history(situationId)
  return { current: history[0] ?? null, objection: history[0]?.status === 'objected', history }
}
