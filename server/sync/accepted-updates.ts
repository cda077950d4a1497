import * as Y from 'yjs'
import type { UpdatePayload } from './extension.ts'
import type { DecodedUpdate } from './update-check.ts'

/**
 * The updates a room accepted and has not applied yet (they wait for their
 * commit), and what follows from them: the clock each client has reached
 * counting them (a client sends its next edit before the previous one is
 * applied), their decoded forms for the rules check, and the document-size
 * budget, estimated for free and measured only near the limit.
 *
 * @example const accepted = new AcceptedUpdates(doc); checkUpdate(update, accepted.knownClock)
 */
export class AcceptedUpdates {
  /** End clocks of updates accepted and waiting for their commit, per client. */
  private readonly clocks = new Map<number, number>()
  /** In order: apply strictly in this order. */
  private readonly unapplied: UpdatePayload[] = []
  /** The document's encoded size when last measured (or a lower bound), and what was accepted since. */
  private measuredBytes = 0
  private bytesSinceMeasure = 0

  constructor(private readonly doc: Y.Doc) {}

  /** The clock `client` has reached in the document, counting accepted updates. */
  readonly knownClock = (client: number): number => Math.max(Y.getState(this.doc.store, client), this.clocks.get(client) ?? 0)

  /** Accepted and not applied yet, in order (the document does not hold them yet). Made once, not per update. */
  readonly decoded = (): DecodedUpdate[] => this.unapplied.map((earlier) => earlier.decoded)

  /**
   * After the load: a lower bound of the size, for free (every item counts
   * at least one unit of clock). The exact size is measured only when this
   * estimate plus what was accepted since passes the budget.
   */
  estimateLoadedSize(): void {
    let units = 0
    for (const client of this.doc.store.clients.keys()) units += Y.getState(this.doc.store, client)
    this.measuredBytes = units
  }

  /** True when `bytes` more would take the document past `budget` (measured exactly before saying so). */
  wouldExceed(bytes: number, budget: number): boolean {
    if (this.measuredBytes + this.bytesSinceMeasure + bytes <= budget) return false
    // The estimate counts every update whole: measure before refusing.
    this.measuredBytes = Y.encodeStateAsUpdate(this.doc).byteLength
    this.bytesSinceMeasure = this.unapplied.reduce((sum, payload) => sum + payload.update.byteLength, 0)
    return this.measuredBytes + this.bytesSinceMeasure + bytes > budget
  }

  add(payload: UpdatePayload): void {
    for (const [client, end] of payload.newClients) this.clocks.set(client, Math.max(end, this.clocks.get(client) ?? 0))
    this.bytesSinceMeasure += payload.update.byteLength
    this.unapplied.push(payload)
  }

  /**
   * Applied, or given up. `refused`: the update was not stored, so its
   * clocks are not known any more (the sender's reconnect resends them and
   * they must not be taken for copies of what the document has).
   */
  remove(payload: UpdatePayload, refused = false): void {
    const index = this.unapplied.indexOf(payload)
    if (index >= 0) this.unapplied.splice(index, 1)
    if (!refused) return
    this.clocks.clear()
    for (const earlier of this.unapplied) {
      for (const [client, end] of earlier.newClients) this.clocks.set(client, Math.max(end, this.clocks.get(client) ?? 0))
    }
  }
}
