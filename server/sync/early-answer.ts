import * as Y from 'yjs'
import type { Connection } from './connection.ts'
import { decodeFrame, encodeSyncStep2 } from './frame.ts'

/** Below this size a document builds in a few milliseconds: no early answer, no wait. */
export const EARLY_ANSWER_MIN_BYTES = 64 * 1024
/** How long a load waits for a waiting client's first frame before building the document. */
export const EARLY_ANSWER_WAIT_MS = 10

/**
 * Decision 007: while a large document loads, the step 1s of the clients
 * waiting for it are answered from its stored snapshot. Building the Y.Doc
 * from the snapshot takes ~100 ms for a large plan; the stored bytes are
 * exactly what the document is about to hold (nothing is accepted before the
 * load ends), so a stock client can apply them meanwhile. When such a client
 * joins, it first gets what changed after the stored state (`catchUp`).
 *
 * One per room, for its load. The room calls `addWaiting`, passes `offer` to
 * storage in the load payload, calls `loadEnded` when storage has filled the
 * document, and `catchUp` when a connection joins.
 *
 * @example
 * const early = new EarlyAnswer()
 * await runHooks(extensions, 'onLoadDocument', { ..., offerStoredState: early.offer })
 */
export class EarlyAnswer {
  /** Connections waiting for the load. */
  private readonly waiting = new Set<Connection>()
  /** The stored state, while it may answer step 1s. */
  private storedState: Uint8Array | null = null
  /** Once storage has filled the document: from then on a join is answered from the document. */
  private ended = false
  /** Connections answered from the stored state, until they join; and the vector of that state. */
  private readonly answered = new WeakSet<Connection>()
  private anyAnswered = false
  private storedVector: Uint8Array | null = null
  private wakeLoader: (() => void) | null = null

  /** A connection waiting for the load: answered early if the stored state is on offer, otherwise its frames simply queue. */
  addWaiting(connection: Connection): void {
    if (this.ended) return
    this.waiting.add(connection)
    if (this.storedState) connection.intercept((bytes) => this.answer(connection, bytes))
  }

  /**
   * Storage holds the complete committed state as one snapshot: waiting
   * clients' step 1s are answered from it, and the load waits a few
   * milliseconds for the first one to arrive (a stock client sends its step
   * 1 on open).
   */
  readonly offer = async (state: Uint8Array): Promise<void> => {
    if (this.ended || state.byteLength < EARLY_ANSWER_MIN_BYTES || this.waiting.size === 0) return
    this.storedState = state
    for (const connection of this.waiting) connection.intercept((bytes) => this.answer(connection, bytes))
    if ([...this.waiting].some((connection) => connection.heardBeforeReady)) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => wake(), EARLY_ANSWER_WAIT_MS)
      const wake = () => {
        clearTimeout(timer)
        this.wakeLoader = null
        resolve()
      }
      this.wakeLoader = wake
    })
  }

  /**
   * Storage has filled `doc` (or failed to): no more early answers. The
   * document now holds exactly the stored state, so what an answered client
   * lacks is what comes after this vector.
   */
  loadEnded(doc: Y.Doc | null): void {
    this.ended = true
    this.storedState = null
    this.waiting.clear()
    if (doc && this.anyAnswered) this.storedVector = Y.encodeStateVector(doc)
  }

  /** For a connection answered early and joining now: everything after the stored state (server changes at load, other clients' updates); else null. */
  catchUp(connection: Connection, doc: Y.Doc): Uint8Array | null {
    if (!this.answered.delete(connection) || !this.storedVector) return null
    return Y.encodeStateAsUpdate(doc, this.storedVector)
  }

  private answer(connection: Connection, bytes: Uint8Array): boolean {
    this.wakeLoader?.()
    if (!this.storedState) return false
    const frame = decodeFrame(bytes)
    if (frame.kind !== 'sync-step1') return false
    const emptyVector = frame.stateVector.byteLength === 1 && frame.stateVector[0] === 0
    connection.send(encodeSyncStep2(emptyVector ? this.storedState : Y.diffUpdate(this.storedState, frame.stateVector)))
    this.answered.add(connection)
    this.anyAnswered = true
    return true
  }
}
