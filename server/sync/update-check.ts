import * as Y from 'yjs'

/**
 * Decides, before anything is stored, whether an update integrates fully
 * into the document. Yjs would keep an update with missing dependencies as
 * "pending" (stored, applied later, never) and a stock client never sends
 * one: a struct starting past the document's clock for its client, a
 * reference (origin, right origin, parent) to an item that exists neither in
 * the document nor in the update, a gap (`Skip`) or a delete of clocks
 * nobody has. Accepting them would let one writer desynchronise the server
 * from everyone else and make every later update pay for the pile.
 */
export type UpdateCheck =
  | { ok: true; newClients: Map<number, number> }
  | { ok: false; undecodable: boolean; reason: string }

/**
 * @param known the clock each client has reached in the document, counting
 *   updates already accepted and waiting for their commit (a client sends its
 *   next edit before the previous one is applied).
 */
export function checkUpdate(update: Uint8Array, known: (client: number) => number): UpdateCheck {
  let decoded: { structs: (Y.Item | Y.GC | Y.Skip)[]; ds: { clients: Map<number, { clock: number; len: number }[]> } }
  try {
    decoded = Y.decodeUpdate(update) as unknown as typeof decoded
  } catch (error) {
    return { ok: false, undecodable: true, reason: `update does not decode: ${(error as Error).message}` }
  }
  // Per client: where this update's structs start and end.
  const ranges = new Map<number, { start: number; end: number }>()
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) return { ok: false, undecodable: false, reason: 'update has a gap' }
    const { client, clock } = struct.id
    const range = ranges.get(client)
    if (!range) {
      if (clock > known(client)) return { ok: false, undecodable: false, reason: `structs of client ${client} start past the document's clock` }
      ranges.set(client, { start: clock, end: clock + struct.length })
    } else {
      if (clock !== range.end) return { ok: false, undecodable: false, reason: `structs of client ${client} are not contiguous` }
      range.end = clock + struct.length
    }
  }
  const exists = (id: Y.ID | null): boolean => {
    if (id === null) return true
    if (id.clock < known(id.client)) return true
    const range = ranges.get(id.client)
    return range !== undefined && id.clock < range.end
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue
    if (!exists(struct.origin) || !exists(struct.rightOrigin)) return { ok: false, undecodable: false, reason: 'update refers to an unknown item' }
    if (struct.parent !== null && typeof struct.parent !== 'string' && !exists(struct.parent as unknown as Y.ID)) {
      return { ok: false, undecodable: false, reason: 'update refers to an unknown parent' }
    }
  }
  for (const [client, deletes] of decoded.ds.clients) {
    const limit = Math.max(known(client), ranges.get(client)?.end ?? 0)
    for (const range of deletes) {
      if (range.clock + range.len > limit) return { ok: false, undecodable: false, reason: `update deletes unknown clocks of client ${client}` }
    }
  }
  const newClients = new Map<number, number>()
  for (const [client, range] of ranges) if (range.end > known(client)) newClients.set(client, range.end)
  return { ok: true, newClients }
}
