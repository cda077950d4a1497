import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { isPart } from '../../shared/schema/roots.ts'
import type { AccessService } from '../auth/access.ts'
import type { LiveConnection, LiveDocuments } from './live-documents.ts'

/**
 * Re-decides the access of every live connection to a situation after a
 * change of rights (member removed or changed, plan hidden, objection,
 * closing): connections that lost access are closed with 4410, those whose
 * mode changed with 4509 so they reconnect in the new mode.
 */
export function revalidateSituation({ rooms, access }: { rooms: LiveDocuments; access: AccessService }, situationId: string): number {
  rooms.announce({ type: 'rights-changed', situationId })
  const decide = ({ principal }: LiveConnection) => {
    if (principal.situationId !== situationId || !isPart(principal.part)) return null
    return access.partAccess(situationId, principal.userId, principal.part)
  }
  const revoked = rooms.closeWhere((connection) => decide(connection) === 'none', CloseCode.accessRevoked, 'access withdrawn')
  const changed = rooms.closeWhere(
    (connection) => {
      const now = decide(connection)
      return now !== null && now !== 'none' && now !== connection.principal.access
    },
    CloseCode.accessChanged,
    'access changed',
  )
  return revoked + changed
}

/** Closes every live connection opened with a session (logout, password change, deactivation). */
export function closeSessionConnections(rooms: LiveDocuments, predicate: { sessionId?: string; userId?: string }): number {
  if (predicate.sessionId !== undefined) rooms.announce({ type: 'session-ended', sessionId: predicate.sessionId })
  if (predicate.userId !== undefined) rooms.announce({ type: 'user-sessions-ended', userId: predicate.userId })
  return rooms.closeWhere(
    ({ principal }) =>
      (predicate.sessionId !== undefined && principal.sessionId === predicate.sessionId) ||
      (predicate.userId !== undefined && principal.userId === predicate.userId),
    CloseCode.accessRevoked,
    'session ended',
  )
}
