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
export type DecodedStruct = Y.Item | Y.GC | Y.Skip
export interface DecodedUpdate {
  structs: DecodedStruct[]
  ds: { clients: Map<number, { clock: number; len: number }[]> }
}

export type UpdateCheck =
  | {
      ok: true
      newClients: Map<number, number>
      /** The update decoded once, for the document-rules check. */
      decoded: DecodedUpdate
      /** Some structs start below the document's clock for their client (re-declared, in part or whole). */
      redeclares: boolean
    }
  | { ok: false; undecodable: boolean; reason: string }

/**
 * @param known the clock each client has reached in the document, counting
 *   updates already accepted and waiting for their commit (a client sends its
 *   next edit before the previous one is applied).
 */
export function checkUpdate(update: Uint8Array, known: (client: number) => number): UpdateCheck {
  let decoded: DecodedUpdate
  try {
    decoded = Y.decodeUpdate(update) as unknown as DecodedUpdate
  } catch (error) {
    return { ok: false, undecodable: true, reason: `update does not decode: ${(error as Error).message}` }
  }
  // Per client: where this update's structs start and end.
  const ranges = new Map<number, { start: number; end: number }>()
  let redeclares = false
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) return { ok: false, undecodable: false, reason: 'update has a gap' }
    const { client, clock } = struct.id
    const range = ranges.get(client)
    if (!range) {
      const knownClock = known(client)
      if (clock > knownClock) return { ok: false, undecodable: false, reason: `structs of client ${client} start past the document's clock` }
      if (clock < knownClock) redeclares = true
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
  return { ok: true, newClients, decoded, redeclares }
}

/**
 * The update without the structs the document already has: Yjs skips them
 * when it applies an update, but they would still be stored and broadcast,
 * and a client that lacks the original (a late joiner, an offline copy)
 * would integrate the copy in the update, with whatever parent it claims.
 * Structs that straddle the known clock are cut there, the cut part keeping
 * only a reference to the stored item before it (so its parent is the
 * stored one). Delete sets are kept whole.
 */
export function withoutKnownStructs(update: Uint8Array, known: (client: number) => number, clients: Iterable<number>): Uint8Array {
  const vector = new Map<number, number>()
  for (const client of clients) vector.set(client, known(client))
  return Y.diffUpdate(update, Y.encodeStateVector(vector))
}

/**
 * True when every range of the delete set is already deleted (or collected)
 * in the document: an update that brings no struct and such a delete set
 * changes nothing. A stock client's step 2 always carries its whole delete
 * set. One binary search per range, instead of building the document's
 * whole delete set (`Y.snapshot`) for every delete-only update.
 */
export function deletesNothingNew(doc: Y.Doc, ds: DecodedUpdate['ds']): boolean {
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client) as (Y.Item | Y.GC)[] | undefined
    const end = Y.getState(doc.store, client)
    for (const { clock, len } of ranges) {
      if (len === 0) continue
      if (!structs || clock + len > end) return false
      for (let index = Y.findIndexSS(structs, clock); index < structs.length; index++) {
        const struct = structs[index]!
        if (struct.id.clock >= clock + len) break
        if (struct instanceof Y.Item && !struct.deleted) return false
      }
    }
  }
  return true
}
