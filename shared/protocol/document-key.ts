import { isPart, type Part } from '../schema/roots.ts'
import { SITUATION_ID_PATTERN } from '../domain/roles.ts'

/**
 * Which Yjs document: one situation's part (plan, health or person). Passed
 * whole through the sync hooks; turned into a string only at the edges (the
 * sync URL's room name, the `doc` column of storage) by the two functions below.
 */
export interface DocumentKey {
  situationId: string
  part: Part
}

/**
 * The document's name on the wire and in storage: `<situationId>/<part>`
 * (the room name y-websocket appends to `/sync`, and the `doc` column).
 * @example toDocumentName({ situationId: 'abc', part: 'plan' }) // 'abc/plan'
 */
export const toDocumentName = ({ situationId, part }: DocumentKey): string => `${situationId}/${part}`

/**
 * The key a document name stands for; `null` for anything that is not exactly
 * a valid situation id and part.
 * @example parseDocumentName('abc/plan') // { situationId: 'abc', part: 'plan' }
 */
export function parseDocumentName(name: string): DocumentKey | null {
  const slash = name.indexOf('/')
  if (slash < 0) return null
  const situationId = name.slice(0, slash)
  const part = name.slice(slash + 1)
  return SITUATION_ID_PATTERN.test(situationId) && isPart(part) ? { situationId, part } : null
}
