import type { Sessions } from '../auth/sessions.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { LiveDocuments } from './live-documents.ts'
import { closeSessionConnections } from './revocation.ts'
import type { SessionInfo } from '../../shared/api/me.ts'

/** Characters of another session's id shown on the account page: enough to tell two apart, never enough to be one. */
const SHOWN_ID_LENGTH = 6

/**
 * The account's open sessions as its owner sees them: the current one named
 * `current`, the others by a short prefix of their id (a full id is half of
 * a session token).
 *
 * @example listAccountSessions({ sessions }, user.id, session.id)
 */
export async function listAccountSessions(deps: { sessions: Pick<Sessions, 'list'> }, userId: string, currentSessionId: string): Promise<SessionInfo[]> {
  return (await deps.sessions.list(userId)).map(({ id, ...rest }) => ({ ...rest, current: id === currentSessionId, id: id === currentSessionId ? 'current' : id.slice(0, SHOWN_ID_LENGTH) }))
}

export interface LogOutEverywhereDeps {
  sessions: Pick<Sessions, 'invalidateAllForUser' | 'invalidateOthers'>
  rooms: LiveDocuments
  audit: AuditRows
}

/**
 * "Se déconnecter partout": every other session of the account ends (this
 * one too with `includingThis`), and their live connections are closed at
 * once rather than at their next request.
 */
export async function logOutEverywhere(deps: LogOutEverywhereDeps, userId: string, currentSessionId: string, includingThis: boolean, address: string): Promise<void> {
  if (includingThis) await deps.sessions.invalidateAllForUser(userId)
  else await deps.sessions.invalidateOthers(userId, currentSessionId)
  closeSessionConnections(deps.rooms, { userId })
  await deps.audit.append({ situationId: null, userId, action: 'account.logout-everywhere', address })
}
