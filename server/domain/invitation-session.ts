import type { Sessions } from '../auth/sessions.ts'
import type { LiveDocuments } from './live-documents.ts'
import { closeSessionConnections } from './revocation.ts'

export interface AcceptedInvitation {
  userId: string
  purpose: 'join' | 'reset'
}

/**
 * The session an accepted link opens. A reset ends every session of the
 * account first (as a password change does: whoever held one with the old
 * password is out) and opens a new one; a join opens one unless the caller
 * is already logged in as that account.
 *
 * @returns the new session's token, or null when the current session stays.
 */
export async function sessionAfterAcceptance(
  deps: { sessions: Pick<Sessions, 'create' | 'invalidateAllForUser'>; rooms: LiveDocuments },
  accepted: AcceptedInvitation,
  currentUserId: string | null,
  client: { address: string; userAgent: string | null },
): Promise<string | null> {
  if (accepted.purpose === 'reset') {
    await deps.sessions.invalidateAllForUser(accepted.userId)
    closeSessionConnections(deps.rooms, { userId: accepted.userId })
  }
  if (currentUserId === accepted.userId && accepted.purpose !== 'reset') return null
  return (await deps.sessions.create(accepted.userId, { address: client.address, userAgent: client.userAgent })).token
}
