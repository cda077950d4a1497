import type { AccessService } from '../auth/access.ts'
import { withoutAnnouncing } from './announced-revocation.ts'
import type { LiveDocuments } from './live-documents.ts'
import { closeSessionConnections, revalidateSituation } from './revocation.ts'

export interface LiveRecheckDeps {
  rooms: LiveDocuments
  access: AccessService
  /** Whether the session still exists (not logged out, not ended by a reset or a deactivation); no expiry slide. */
  sessionExists(sessionId: string): Promise<boolean>
}

/**
 * Re-decides every live connection of this node from the database: the
 * rights of each situation it serves, and whether each connection's session
 * still exists. In a cluster the announcements of other nodes are a
 * speed-up only (a NOTIFY is lost while a listener reconnects); this is what
 * makes a lost one delay a kick by one period instead of keeping a right.
 * Each node re-checks its own connections, so nothing is announced.
 * @example const closed = await recheckLiveConnections({ rooms, access, sessionExists })
 */
export async function recheckLiveConnections({ rooms, access, sessionExists }: LiveRecheckDeps): Promise<number> {
  const here = withoutAnnouncing(rooms)
  const connections = rooms.connections()
  let closed = 0
  for (const situationId of new Set(connections.map(({ principal }) => principal.situationId))) {
    closed += await revalidateSituation({ rooms: here, access }, situationId)
  }
  for (const sessionId of new Set(connections.map(({ principal }) => principal.sessionId))) {
    if (!(await sessionExists(sessionId))) closed += closeSessionConnections(here, { sessionId })
  }
  return closed
}
