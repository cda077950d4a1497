import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { isPart, type Part } from '../../shared/schema/roots.ts'
import type { Access } from '../../shared/schema/parts.ts'
import type { AccessService } from '../auth/access.ts'
import type { LiveConnection, LiveDocuments } from './live-documents.ts'

/**
 * Re-decides the access of every live connection to a situation after a
 * change of rights (member removed or changed, plan hidden, objection,
 * closing): connections that lost access are closed with 4410, those whose
 * mode changed with 4509 so they reconnect in the new mode.
 */
export async function revalidateSituation({ rooms, access }: { rooms: LiveDocuments; access: AccessService }, situationId: string): Promise<number> {
  rooms.announce({ type: 'rights-changed', situationId })
  // The rights are read asynchronously (docs/decisions/018), closeWhere's predicate is synchronous:
  // the access of each (user, part) connected now is read first (the predicate only lists them),
  // then the connections are judged against it. One opened meanwhile was decided on the new rights.
  const keyOf = (userId: string, part: string) => `${userId}\n${part}`
  const asked = new Map<string, { userId: string; part: string }>()
  rooms.closeWhere(({ principal }) => {
    if (principal.situationId === situationId && isPart(principal.part)) asked.set(keyOf(principal.userId, principal.part), principal)
    return false
  }, CloseCode.accessRevoked, 'access withdrawn')
  const decided = new Map<string, Access>()
  for (const [key, { userId, part }] of asked) decided.set(key, await access.partAccess(situationId, userId, part as Part))
  const decide = ({ principal }: LiveConnection) => {
    if (principal.situationId !== situationId || !isPart(principal.part)) return null
    return decided.get(keyOf(principal.userId, principal.part)) ?? null
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
