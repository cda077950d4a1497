import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { Connection } from './connection.ts'
import { encodeAwarenessMessage, encodeSyncUpdate } from './frame.ts'
import { prepareFrame } from './prepared-frame.ts'

/**
 * A room's fan-out, batched per turn of the event loop: the updates
 * committed in one group commit go out as one merged message per
 * connection, and awareness changes as one message, instead of one socket
 * write per update per recipient (the peers spend most of their time in
 * those writes). Decision 004.
 *
 * @example const fanOut = new FanOut(room.connections, room.awareness); fanOut.queueUpdate(update, sender)
 */
export class FanOut {
  /** Applied updates waiting for this turn's broadcast, with their sender (null for the server). */
  private outgoing: { update: Uint8Array; sender: Connection | null }[] = []
  /** Awareness client ids changed during this turn. */
  private readonly awarenessChanged = new Set<number>()
  private scheduled = false
  private stopped = false

  constructor(
    private readonly connections: ReadonlySet<Connection>,
    private readonly awareness: awarenessProtocol.Awareness,
  ) {}

  /** An applied update, for everyone but its sender. */
  queueUpdate(update: Uint8Array, sender: Connection | null): void {
    this.outgoing.push({ update, sender })
    this.schedule()
  }

  /** Presence that changed, for everyone (the sender included). */
  queueAwareness(clientIds: readonly number[]): void {
    for (const clientId of clientIds) this.awarenessChanged.add(clientId)
    if (this.awarenessChanged.size > 0) this.schedule()
  }

  /**
   * Schedules this turn's flush. Called by the room right after queueing a
   * store: the store commits in a setImmediate queued just before, so the
   * flush runs in the same check phase once the commit's continuations
   * (apply, queue) have drained, and the update goes out this turn.
   */
  schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(this.flush)
  }

  /** One frame built for everyone (server frames are unmasked), one write per recipient. */
  broadcast(message: Uint8Array, except: Connection | null): void {
    if (this.connections.size === 0 || (this.connections.size === 1 && except !== null && this.connections.has(except))) return
    const frame = prepareFrame(message)
    for (const connection of this.connections) if (connection !== except) connection.sendPrepared(frame)
  }

  /** The room is gone: nothing more goes out. */
  stop(): void {
    this.stopped = true
    this.outgoing = []
    this.awarenessChanged.clear()
  }

  private readonly flush = (): void => {
    this.scheduled = false
    if (this.stopped) return
    const outgoing = this.outgoing
    this.outgoing = []
    if (outgoing.length === 1) {
      this.broadcast(encodeSyncUpdate(outgoing[0]!.update), outgoing[0]!.sender)
    } else if (outgoing.length > 1) {
      const sender = outgoing[0]!.sender
      const oneSender = outgoing.every((item) => item.sender === sender)
      const merged = encodeSyncUpdate(Y.mergeUpdates(outgoing.map((item) => item.update)))
      // One sender: spare it its own updates. Several: everyone gets the
      // merged message; Yjs ignores what a client already has.
      this.broadcast(merged, oneSender ? sender : null)
    }
    if (this.awarenessChanged.size > 0) {
      const changed = [...this.awarenessChanged]
      this.awarenessChanged.clear()
      if (this.connections.size > 0) {
        this.broadcast(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)), null)
      }
    }
  }
}
