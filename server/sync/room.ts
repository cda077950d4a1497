import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { Budgets, Limits } from '../../shared/protocol/limits.ts'
import type { Logger } from '../log.ts'
import { toDocumentName, type DocumentKey } from '../../shared/protocol/document-key.ts'
import type { Connection, FrameReceiver } from './connection.ts'
import { checkUpdate, deletesNothingNew, withoutKnownStructs } from './update-check.ts'
import { FanOut } from './fan-out.ts'
import { Refusals } from './refusals.ts'
import { AcceptedUpdates } from './accepted-updates.ts'
import { EarlyAnswer } from './early-answer.ts'
import { RoomSuperseded, runHooks, runHooksSync, SyncRefusal, type Extension, type UpdatePayload } from './extension.ts'
import {
  decodeFrame,
  MessageType,
  EMPTY_AWARENESS_MESSAGE,
  encodeAwarenessEntries,
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  type AwarenessEntry,
} from './frame.ts'

/** Where a change to the document came from; loaded state is never re-persisted or re-broadcast. */
export type Origin =
  | { source: 'socket'; connection: Connection }
  | { source: 'storage' }
  | { source: 'server'; reason: string }

export const STORAGE_ORIGIN: Origin = { source: 'storage' }

/**
 * One Y.Doc + Awareness + connections per document (its key: a situation's part).
 * The update path: decode → authorize → store (committed) → apply → broadcast,
 * one ordered queue per document so updates are applied in the order stored.
 * Its helpers, one concern each: early-answer.ts (the load, decision 007),
 * accepted-updates.ts (accepted, not applied yet), fan-out.ts (batched
 * broadcast, decision 004), refusals.ts (close and audit); a connection's
 * pace is its own (connection.ts, flow-control.ts).
 */
export class Room implements FrameReceiver {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly connections = new Set<Connection>()
  /** Updates stored but not yet applied: apply strictly in this order. */
  private tail: Promise<void> = Promise.resolve()
  private loaded: Promise<void> | null = null
  /** Closes and audits what this room refuses (sync/refusals.ts). */
  private readonly refusals: Refusals
  /** Updates and presence go out batched, once per turn (sync/fan-out.ts). */
  private readonly fanOut = new FanOut(this.connections, this.awareness)
  destroyed = false
  /** Updates accepted and not applied yet: known clocks, the rules' view, the document budget (sync/accepted-updates.ts). */
  private readonly accepted = new AcceptedUpdates(this.doc)
  /** Set when the in-memory document can no longer be trusted: unload without compacting it. */
  discarded = false
  private superseded = false
  /** Decision 007: waiting clients answered from the stored snapshot during the load. */
  private readonly earlyAnswer = new EarlyAnswer()
  /** Updates that arrived before one they depend on, per connection (see receiveUpdate); dropped when it leaves. */
  private readonly parked = new Map<Connection, { updates: Uint8Array[]; bytes: number }>()
  /** Hooks that failed after their update or change was already applied (logged with context; for metrics). */
  hookFailures = 0
  /** Which connection publishes presence for each client id: nobody else may take it over. */
  private readonly presence = new Map<number, Connection>()
  /**
   * Made once per room and per connection rather than once per update: at
   * thousands of edits per second, garbage collection was 8.9 % of the busy
   * time (issue 17).
   */
  private readonly presenceHolder = (clientId: number): Connection | undefined => this.presence.get(clientId)
  private readonly origins = new WeakMap<Connection, Origin>()
  private originOf(connection: Connection): Origin {
    let origin = this.origins.get(connection)
    if (!origin) this.origins.set(connection, (origin = { source: 'socket', connection }))
    return origin
  }

  /** The document's name in storage and on the wire. */
  readonly name: string

  constructor(
    readonly key: DocumentKey,
    private readonly extensions: readonly Extension[],
    private readonly log: Logger,
    /** The size budgets of shared/protocol/limits.ts (smaller in tests). */
    private readonly budgets: Pick<typeof Budgets, 'updateBytes' | 'documentBytes'> = Budgets,
    /**
     * Told when a write of this room was fenced (RoomSuperseded, cluster
     * mode): the registry drops the situation's every room, not only this one.
     */
    private readonly onSuperseded: ((error: RoomSuperseded) => void) | null = null,
  ) {
    this.name = toDocumentName(key)
    this.refusals = new Refusals(extensions, log, key, this.name)
    // The server publishes no presence of its own.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.relayAwareness)
  }

  /** Loads once; concurrent callers share the same promise. */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      let filled = false
      try {
        await runHooks(this.extensions, 'onLoadDocument', {
          documentKey: this.key,
          documentName: this.name,
          doc: this.doc,
          offerStoredState: this.earlyAnswer.offer,
        })
        filled = true
      } finally {
        this.earlyAnswer.loadEnded(filled ? this.doc : null)
      }
      await runHooks(this.extensions, 'afterLoadDocument', {
        documentKey: this.key,
        documentName: this.name,
        doc: this.doc,
        applyServerChange: (reason, change) => this.applyServerChange(reason, change),
      })
      this.accepted.estimateLoadedSize()
    })()
    return this.loaded
  }

  /** A connection waiting for this room's load (answered early if decision 007 applies; otherwise its frames queue). */
  addWaiting(connection: Connection): void {
    this.earlyAnswer.addWaiting(connection)
  }

  /** Joins a connection to a loaded room: greet with step 1 and current presence, then deliver its frames. */
  join(connection: Connection): void {
    this.connections.add(connection)
    // Answered from the stored state during the load: first what came after it.
    const catchUp = this.earlyAnswer.catchUp(connection, this.doc)
    if (catchUp) connection.send(encodeSyncUpdate(catchUp))
    connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    const states = this.awareness.getStates()
    if (states.size > 0) {
      connection.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])))
    }
    connection.ready(this)
    void runHooks(this.extensions, 'onConnect', { documentKey: this.key, documentName: this.name, connection }).catch((error) => {
      this.refusals.refuse(connection, error)
    })
  }

  /** Removes a connection and its presence; returns true when the room is now empty. */
  leave(connection: Connection): boolean {
    this.parked.delete(connection)
    if (!this.connections.delete(connection)) return this.connections.size === 0
    this.refusals.left(connection)
    // Only the presence this connection still holds (the same user's newer connection may have taken an id back).
    const held = [...connection.awarenessClientIds].filter((clientId) => (this.presence.get(clientId) ?? connection) === connection)
    for (const clientId of held) this.presence.delete(clientId)
    if (held.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, held, connection)
    void runHooks(this.extensions, 'onDisconnect', { documentKey: this.key, documentName: this.name, connection }).catch((error) => {
      this.log.error('disconnect hook failed', { doc: this.name, error: (error as Error).message })
    })
    return this.connections.size === 0
  }

  /** Resolves when every update accepted so far has been applied (or refused). */
  flush(): Promise<void> {
    return this.tail
  }

  /**
   * Applies a change made by the server itself (display copies, restore,
   * seed), stores it and broadcasts it. The change is in memory before it is
   * on disk; a storage failure is logged and the unload snapshot retries it.
   */
  async applyServerChange(reason: string, change: (doc: Y.Doc) => void): Promise<void> {
    await this.flush()
    let update: Uint8Array | null = null
    const capture = (bytes: Uint8Array) => {
      update = update ? Y.mergeUpdates([update, bytes]) : bytes
    }
    this.doc.on('update', capture)
    try {
      this.doc.transact(() => change(this.doc), { source: 'server', reason } satisfies Origin)
    } finally {
      this.doc.off('update', capture)
    }
    if (!update) return
    const payload = { documentKey: this.key, documentName: this.name, doc: this.doc, update, reason }
    const stored = runHooks(this.extensions, 'onStoreServerChange', payload)
    let superseded: RoomSuperseded | null = null
    this.tail = this.tail.then(async () => {
      try {
        await stored
      } catch (error) {
        if (error instanceof RoomSuperseded) {
          // Another node owns the situation: this copy (which holds the
          // change) is dropped, nothing goes out, the caller learns it.
          superseded = error
          this.supersede(error)
          return
        }
        this.log.error('server change not stored; kept in memory until unload', { doc: this.name, reason, error: (error as Error).message })
      }
      this.fanOut.queueUpdate(payload.update, null)
      await runHooks(this.extensions, 'afterServerChange', payload).catch((error) => this.hookFailed('afterServerChange', error, { reason }))
    })
    await this.tail
    if (superseded) throw superseded
  }

  /**
   * This copy is no longer the one that counts (cluster mode): store nothing
   * more, never compact it, and send every client away with a retryable code
   * so that they reconnect to the owner and resend what was not stored. The
   * registry, told through onSuperseded, does the same to the situation's
   * other rooms and unloads them.
   */
  supersede(error: RoomSuperseded): void {
    if (this.destroyed) return
    this.discard(CloseCode.ownershipMoved, 'situation moved to another node')
    if (this.superseded) return
    this.superseded = true
    this.log.warn('situation served by another node; local copy dropped', { doc: this.name, error: error.message })
    this.onSuperseded?.(error)
  }

  /**
   * Drops this copy: storage holds the truth, so it is never compacted or
   * stored again, and every client is sent away with `code`. Returns how many.
   */
  discard(code: number, reason: string): number {
    this.discarded = true
    const connections = [...this.connections]
    for (const connection of connections) connection.close(code, reason)
    return connections.length
  }

  /** One frame built for everyone (server frames are unmasked), one write per recipient. */
  broadcast(message: Uint8Array, except: Connection | null): void {
    this.fanOut.broadcast(message, except)
  }

  destroy(): void {
    this.destroyed = true
    this.fanOut.stop()
    this.awareness.off('update', this.relayAwareness)
    this.awareness.destroy()
    this.doc.destroy()
  }

  /** FrameReceiver: one frame of a ready connection, within its pace. */
  receive(connection: Connection, bytes: Uint8Array): void {
    if (connection.closed) return
    // Presence is a few hundred bytes: a bigger frame is refused before its JSON is parsed.
    if (bytes[0] === MessageType.awareness && bytes.byteLength > Budgets.awarenessFrameBytes) {
      this.refusals.overBudget(connection, 'awareness-frame-bytes', `presence frame of ${bytes.byteLength} bytes (at most ${Budgets.awarenessFrameBytes})`)
      return
    }
    const frame = decodeFrame(bytes)
    switch (frame.kind) {
      case 'error':
        this.refusals.refuse(connection, new SyncRefusal(CloseCode.badFrame, frame.reason, 'well-formed'))
        return
      case 'sync-step1':
        connection.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, frame.stateVector)))
        return
      case 'sync-step2':
      case 'sync-update':
        this.receiveUpdate(connection, frame.update)
        return
      case 'awareness':
        this.receiveAwareness(connection, frame.entries)
        return
      case 'query-awareness':
        connection.send(
          encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])),
        )
        return
    }
  }

  private receiveUpdate(connection: Connection, received: Uint8Array): void {
    let update = received
    if (update.byteLength > this.budgets.updateBytes) {
      this.refusals.overBudget(connection, 'update-bytes', `update of ${update.byteLength} bytes (at most ${this.budgets.updateBytes})`)
      return
    }
    let check = checkUpdate(update, this.accepted.knownClock)
    if (!check.ok) {
      if (check.undecodable) {
        this.refusals.refuse(connection, new SyncRefusal(CloseCode.badFrame, check.reason, 'well-formed'))
        return
      }
      // Not integrable yet. A stock client that reconnects sends its new
      // edits before the step 2 that carries the ones the server missed, so
      // the update waits (in memory, bounded, never stored as pending) for
      // the one it depends on; a client that never sends it is asked to
      // reconnect, and the handshake then resends everything in order.
      let parked = this.parked.get(connection)
      if (!parked) this.parked.set(connection, (parked = { updates: [], bytes: 0 }))
      parked.updates.push(update)
      parked.bytes += update.byteLength
      if (parked.updates.length > Limits.maxParkedUpdates || parked.bytes > Limits.maxParkedBytes) {
        this.log.warn('updates never became integrable', { doc: this.name, connection: connection.id, reason: check.reason })
        connection.close(CloseCode.resyncRequired, 'updates out of order: resync')
      }
      return
    }
    if (check.redeclares) {
      // Structs the document already has are skipped by Yjs but would be
      // stored and broadcast as sent, with whatever parent they claim: cut out.
      update = withoutKnownStructs(update, this.accepted.knownClock, check.decoded.structs.map((struct) => struct.id.client))
      check = checkUpdate(update, this.accepted.knownClock)
      if (!check.ok) {
        this.refusals.refuse(connection, new SyncRefusal(CloseCode.updateRejected, check.reason, 'well-formed'))
        return
      }
    }
    const { newClients, decoded } = check
    if (this.accepted.wouldExceed(update.byteLength, this.budgets.documentBytes)) {
      this.refusals.overBudget(connection, 'document-bytes', `document would exceed ${this.budgets.documentBytes} bytes`)
      return
    }
    const payload: UpdatePayload = {
      documentKey: this.key,
      documentName: this.name,
      doc: this.doc,
      connection,
      update,
      newClients,
      decoded,
      accepted: this.accepted.decoded,
      presenceHolder: this.presenceHolder,
    }
    try {
      runHooksSync(this.extensions, 'onAuthorizeUpdate', payload)
    } catch (error) {
      this.refusals.refuse(connection, error)
      return
    }
    // A stock client's step 2 always carries its whole delete set: when it
    // brings nothing new it is a no-op, not worth a row or a broadcast.
    if (newClients.size === 0 && decoded.structs.length === 0 && deletesNothingNew(this.doc, decoded.ds)) return
    this.accepted.add(payload)
    if (this.parked.has(connection)) queueMicrotask(() => this.retryParked(connection))

    const stored = runHooks(this.extensions, 'onStoreUpdate', payload)
    // The store commits in a setImmediate queued just now; the flush queued
    // after it goes out this same turn (see FanOut.schedule).
    this.fanOut.schedule()
    this.tail = this.tail.then(async () => {
      try {
        await stored
      } catch (error) {
        this.accepted.remove(payload, true)
        if (error instanceof RoomSuperseded) {
          // Fenced: not stored, so neither applied nor broadcast; the sender
          // and everyone else reconnect to the owner.
          this.supersede(error)
          return
        }
        this.log.error('update not stored', { doc: this.name, connection: connection.id, error: (error as Error).message })
        // Retryable: the reconnect handshake resends what was refused.
        connection.close(CloseCode.storageUnavailable, 'storage unavailable')
        return
      }
      try {
        Y.applyUpdate(this.doc, update, this.originOf(connection))
        this.accepted.remove(payload)
      } catch (error) {
        this.accepted.remove(payload)
        this.log.error('update could not be applied; the document is discarded and reloaded from storage', {
          doc: this.name,
          connection: connection.id,
          error: (error as Error).message,
        })
        // applyUpdate may have changed the document before throwing: that
        // half-change is neither stored nor broadcast, so the in-memory copy
        // is dropped (never compacted) and everyone reconnects to a reload.
        this.discarded = true
        await runHooks(this.extensions, 'onApplyFailed', payload).catch((error) => this.hookFailed('onApplyFailed', error, { connection: connection.id }))
        connection.close(CloseCode.updateRejected, 'update could not be applied')
        for (const other of [...this.connections]) other.close(CloseCode.internalError, 'document reloading')
        return
      }
      this.fanOut.queueUpdate(update, connection)
      await runHooks(this.extensions, 'afterApplyUpdate', payload).catch((error) => this.hookFailed('afterApplyUpdate', error, { connection: connection.id }))
    })
  }

  /** Re-examines parked updates after an accepted one, in arrival order. */
  private retryParked(connection: Connection): void {
    const parked = this.parked.get(connection)
    this.parked.delete(connection)
    if (connection.closed || !parked) return
    for (const update of parked.updates) this.receiveUpdate(connection, update)
  }

  private receiveAwareness(connection: Connection, entries: AwarenessEntry[]): void {
    const payload = { documentKey: this.key, documentName: this.name, connection, entries, presenceHolder: this.presenceHolder }
    try {
      runHooksSync(this.extensions, 'onFilterAwareness', payload)
    } catch (error) {
      this.refusals.refuse(connection, error)
      return
    }
    if (payload.entries.length === 0) {
      // Dropped states are not a reason to close; answering keeps a stock
      // client's 30 s silence timer from firing.
      connection.send(EMPTY_AWARENESS_MESSAGE)
      return
    }
    for (const entry of payload.entries) {
      if (entry.state === null) {
        connection.announce(entry.clientId, false)
        if (this.presence.get(entry.clientId) === connection) this.presence.delete(entry.clientId)
      } else {
        connection.announce(entry.clientId, true)
        this.presence.set(entry.clientId, connection)
      }
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(payload.entries), connection)
  }

  /** Every awareness change goes to every connection, the sender included. */
  private readonly relayAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    _origin: unknown,
  ): void => {
    this.fanOut.queueAwareness(added)
    this.fanOut.queueAwareness(updated)
    this.fanOut.queueAwareness(removed)
  }

  /**
   * A hook that runs after the fact (the update or change is applied and
   * broadcast) failed: nothing to refuse any more, so it is logged with its
   * context and counted, never dropped silently.
   */
  private hookFailed(hook: string, error: unknown, context: Record<string, unknown>): void {
    this.hookFailures += 1
    this.log.error(`${hook} hook failed`, { doc: this.name, ...context, failures: this.hookFailures, error: (error as Error).message })
  }
}
