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
export function mayDeactivate(deps: Pick<DeactivationDeps, 'situations'>, actorId: string, targetId: string): boolean {
  if (targetId === actorId) return true
  const memberships = deps.situations.membershipsOfUser(targetId)
  return memberships.length > 0 && memberships.every((m) => deps.situations.memberOfUser(m.situationId, actorId)?.role === 'coordinator')
}

/**
 * Deactivates an account: its sessions end, its live connections close, its
 * reset links are revoked; audited under the actor. Anyone else gets the
 * stranger's 404 (the account's existence is not told).
 *
 * @example await deactivateAccount(deps, actor.id, targetId, address)
 */
export async function deactivateAccount(deps: DeactivationDeps, actorId: string, targetId: string, address: string, now = new Date()): Promise<void> {
  if (!mayDeactivate(deps, actorId, targetId)) throw new DomainError(404, 'not found')
  deps.users.deactivate(targetId, now.toISOString())
  await deps.sessions.invalidateAllForUser(targetId)
  closeSessionConnections(deps.rooms, { userId: targetId })
  if (deps.invitations) revokeResetLinks({ invitations: deps.invitations }, targetId, 'account deactivated', actorId, now)
  await deps.audit.append({ situationId: null, userId: actorId, action: 'account.deactivate', target: targetId, address })
}
