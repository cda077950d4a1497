import { isPart, type Part } from '../schema/roots.ts'
import { SITUATION_ID_PATTERN } from '../domain/roles.ts'

export const SYNC_PREFIX = '/sync'

export interface SyncTarget {
  situationId: string
  part: Part
}

/** `/sync/<situationId>/<part>`: the room name y-websocket appends to its base URL. */
export const syncPath = ({ situationId, part }: SyncTarget): string => `${SYNC_PREFIX}/${situationId}/${part}`

/** The room name to give `new WebsocketProvider(base + '/sync', room, doc)`. */
export const roomName = ({ situationId, part }: SyncTarget): string => `${situationId}/${part}`

/**
 * Parses a sync pathname; `null` for anything that is not exactly a valid target.
 * @example parseSyncPath('/sync/abc/plan') // { situationId: 'abc', part: 'plan' }
 */
export function parseSyncPath(pathname: string): SyncTarget | null {
  const segments = pathname.split('/')
  if (segments.length !== 4 || segments[0] !== '' || `/${segments[1]}` !== SYNC_PREFIX) return null
  const [, , situationId, part] = segments as [string, string, string, string]
  if (!SITUATION_ID_PATTERN.test(situationId) || !isPart(part)) return null
  return { situationId, part }
}
