import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { isPart } from '../../shared/schema/roots.ts'
import type { AccessService } from '../auth/access.ts'
import type { RoomRegistry } from '../sync/rooms.ts'

/**
 * Re-decides the access of every live connection to a situation after a
 * change of rights (member removed or changed, plan hidden, objection,
 * closing): connections that lost access are closed with 4410, those whose
 * mode changed with 4509 so they reconnect in the new mode.
 */
export function revalidateSituation({ rooms, access }: { rooms: RoomRegistry; access: AccessService }, situationId: string): number {
  const decide = (connection: Parameters<Parameters<RoomRegistry['closeWhere']>[0]>[0]) => {
    const { principal } = connection
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
export function closeSessionConnections(rooms: RoomRegistry, predicate: { sessionId?: string; userId?: string }): number {
  return rooms.closeWhere(
    (connection) =>
      (predicate.sessionId !== undefined && connection.principal.sessionId === predicate.sessionId) ||
      (predicate.userId !== undefined && connection.principal.userId === predicate.userId),
    CloseCode.accessRevoked,
    'session ended',
  )
}
