import type { Sessions } from '../auth/sessions.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { InvitationRows } from '../storage/invitations.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { UserRows } from '../storage/users.ts'
import { DomainError } from './errors.ts'
import { revokeResetLinks } from './invitations.ts'
import type { LiveDocuments } from './live-documents.ts'
import { closeSessionConnections } from './revocation.ts'

export interface DeactivationDeps {
  users: UserRows
  situations: Pick<SituationRows, 'membershipsOfUser' | 'memberOfUser'>
  sessions: Pick<Sessions, 'invalidateAllForUser'>
  rooms: LiveDocuments
  audit: AuditRows
  invitations?: InvitationRows
}

/**
 * Who may deactivate an account: its owner, or a coordinator of every
 * situation the account belongs to (a coordinator of only some of them would
 * end someone's access to situations they do not run). An account in no
 * situation is only its owner's to end.
 */
export async function mayDeactivate(deps: Pick<DeactivationDeps, 'situations'>, actorId: string, targetId: string): Promise<boolean> {
  if (targetId === actorId) return true
  const memberships = await deps.situations.membershipsOfUser(targetId)
  const roles = await Promise.all(memberships.map(async (m) => (await deps.situations.memberOfUser(m.situationId, actorId))?.role))
  return memberships.length > 0 && roles.every((role) => role === 'coordinator')
}

/**
 * Deactivates an account: its sessions end, its live connections close, its
 * reset links are revoked; audited under the actor. Anyone else gets the
 * stranger's 404 (the account's existence is not told).
 *
 * @example await deactivateAccount(deps, actor.id, targetId, address)
 */
export async function deactivateAccount(deps: DeactivationDeps, actorId: string, targetId: string, address: string, now = new Date()): Promise<void> {
  if (!(await mayDeactivate(deps, actorId, targetId))) throw new DomainError(404, 'not found')
  await deps.users.deactivate(targetId, now.toISOString())
  await deps.sessions.invalidateAllForUser(targetId)
  closeSessionConnections(deps.rooms, { userId: targetId })
  if (deps.invitations) await revokeResetLinks({ invitations: deps.invitations }, targetId, 'account deactivated', actorId, now)
  await deps.audit.append({ situationId: null, userId: actorId, action: 'account.deactivate', target: targetId, address })
}
