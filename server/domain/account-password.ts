import type { Sessions } from '../auth/sessions.ts'
import { hashPassword, verifyPassword } from '../auth/passwords.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { InvitationRows } from '../storage/invitations.ts'
import type { UserRow, UserRows } from '../storage/users.ts'
import { DomainError } from './errors.ts'
import { revokeResetLinks } from './invitations.ts'
import type { LiveDocuments } from './live-documents.ts'
import { closeSessionConnections } from './revocation.ts'

export interface PasswordChangeDeps {
  users: UserRows
  sessions: Pick<Sessions, 'invalidateAllForUser'>
  rooms: LiveDocuments
  audit: AuditRows
  invitations?: InvitationRows
}

/**
 * Changes the password of an account that proves the current one. Every
 * session of the account ends, the caller's too: whoever knew the old
 * password is out, and the owner logs in again with the new one. A reset
 * link made before the change would undo it: revoked.
 *
 * @example await changePassword(deps, user, { currentPassword, newPassword }, address) // then drop the cookie
 */
export async function changePassword(
  deps: PasswordChangeDeps,
  user: Pick<UserRow, 'id' | 'passwordHash'>,
  { currentPassword, newPassword }: { currentPassword: string; newPassword: string },
  address: string,
): Promise<void> {
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new DomainError(400, 'the current password is wrong', { field: 'currentPassword' })
  }
  await deps.users.setPassword(user.id, await hashPassword(newPassword))
  if (deps.invitations) await revokeResetLinks({ invitations: deps.invitations }, user.id, 'password changed', user.id)
  await deps.sessions.invalidateAllForUser(user.id)
  closeSessionConnections(deps.rooms, { userId: user.id })
  await deps.audit.append({ situationId: null, userId: user.id, action: 'account.password', address })
}
