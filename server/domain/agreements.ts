import { nanoid } from 'nanoid'
import { speaksForPerson, type Role } from '../../shared/domain/roles.ts'
import type { RecordRows } from '../storage/records.ts'
import type { UserRows } from '../storage/users.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { VersionRows } from '../storage/versions.ts'
import type { SituationRow } from '../storage/situations.ts'
import { DomainError } from './errors.ts'
import { assertSituationOpen } from './open-situation.ts'

export interface AgreementDeps {
  records: Pick<RecordRows, 'agreements' | 'insertAgreement'>
  users: Pick<UserRows, 'names'>
  versions: Pick<VersionRows, 'byId'>
  audit: Pick<AuditRows, 'append'>
}

export interface AgreementView {
  status: 'agreed' | 'notAgreed' | 'pending'
  comment: string
  by: string
  byName: string
  at: string
}

/**
 * The person's agreement on each version of a situation, read once for a list.
 * @example const agreement = await agreementsOf(deps, situationId); agreement(version.id)
 */
export async function agreementsOf(deps: Pick<AgreementDeps, 'records' | 'users'>, situationId: string): Promise<(versionId: string) => AgreementView | null> {
  const agreements = await deps.records.agreements(situationId)
  const names = await deps.users.names([...agreements.values()].map((row) => row.userId))
  return function agreementOf(versionId) {
    const row = agreements.get(versionId)
    return row ? { status: row.status, comment: row.comment, by: row.userId, byName: names.get(row.userId) ?? '', at: row.at } : null
  }
}

/**
 * Records the person's agreement (or their legal representative's on their
 * behalf: nobody else's) on a version of an open situation, audited.
 */
export async function recordAgreement(
  deps: AgreementDeps,
  input: {
    situation: SituationRow
    member: { id: string; role: Role }
    user: { id: string; name: string }
    versionId: string
    /** Read only once the caller may agree on an existing version of an open situation (a refusal says nothing of the body). */
    readBody: () => Promise<{ status: AgreementView['status']; comment?: string }>
    address?: string | null
  },
): Promise<AgreementView & { versionId: string }> {
  const { situation, member, user } = input
  if (!speaksForPerson(member.role)) throw new DomainError(403, 'only the person or their legal representative can agree')
  const version = await deps.versions.byId(situation.id, input.versionId)
  if (!version) throw new DomainError(404, 'not found')
  assertSituationOpen(situation)
  const body = await input.readBody()
  const row = { id: nanoid(12), situationId: situation.id, versionId: version.id, status: body.status, comment: body.comment ?? '', userId: user.id, memberId: member.id, at: new Date().toISOString() }
  await deps.records.insertAgreement(row)
  await deps.audit.append({ situationId: situation.id, userId: user.id, action: `agreement.${body.status}`, target: version.id, address: input.address })
  return { versionId: version.id, status: row.status, comment: row.comment, by: user.id, byName: user.name, at: row.at }
}
