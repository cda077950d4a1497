import type { WebSocket } from 'ws'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { Budgets, Limits } from '../../shared/protocol/limits.ts'
import type { Principal } from './extension.ts'
import type { Logger } from '../log.ts'
import { writePrepared, type PreparedFrame } from './prepared-frame.ts'

export interface ConnectionOptions {
  maxQueuedBytes?: number
  maxQueuedMessages?: number
  maxBufferedBytes?: number
  maxMessagesPerSecond?: number
  maxMessagesBurst?: number
  maxMessagesPerTurn?: number
  maxBytesPerSecond?: number
  maxBytesBurst?: number
}

let nextConnectionId = 1

/**
 * One socket: receives binary frames in order, queues them until its room is
 * ready, bounds what it accepts, and closes itself with a named code.
 * A class because it owns state with a lifecycle (Hocuspocus `Connection`).
 */
export class Connection {
  readonly id = nextConnectionId++
  /** Awareness client ids this connection announced (removed from the room when it leaves). */
  readonly awarenessClientIds = new Set<number>()
  closed = false
  /** The code and reason this side closed with, if it did (for the audit of refusals). */
  closedWith: { code: number; reason: string } | null = null
  /** Updates that arrived before one they depend on (see Room.receiveUpdate); dropped on close. */
  readonly parked: Uint8Array[] = []
  parkedBytes = 0
  /** Set by the heartbeat; cleared when a pong or any message arrives. */
  alive = true
  lastSentAt = Date.now()

  private queue: Uint8Array[] = []
  private queuedBytes = 0
  private handler: ((bytes: Uint8Array) => void) | null = null
  /** While the document loads: may handle a frame early (returns true) instead of queueing it. */
  private interceptor: ((bytes: Uint8Array) => boolean) | null = null
  private interceptedCount = 0
  private tokens: number
  /** Byte budget: refilled at `maxBytesPerSecond`, up to `maxBytesBurst`. */
  private byteTokens: number
  private lastRefill = Date.now()
  private paused = false
  /** Frames over the rate, in arrival order, waiting for tokens. */
  private backlog: Uint8Array[] = []
  private backlogBytes = 0
  /** Frames at the front of the backlog that already took their token (queued during the load). */
  private prepaid = 0
  /** Frames handled in the current event-loop turn (see takeTurn). */
  private handledThisTurn = 0
  private handledTurn = -1
  /** Cancels the one pending drain of the backlog, if any. */
  private cancelDrain: (() => void) | null = null
  private readonly options: Required<ConnectionOptions>
  private readonly closeListeners: (() => void)[] = []

  constructor(
    readonly socket: WebSocket,
    readonly principal: Principal,
    private readonly log: Logger,
    options: ConnectionOptions = {},
  ) {
    this.options = {
      maxQueuedBytes: Limits.maxQueuedBytes,
      maxQueuedMessages: Limits.maxQueuedMessages,
      maxBufferedBytes: Limits.maxBufferedBytes,
      maxMessagesPerSecond: Limits.maxMessagesPerSecond,
      maxMessagesBurst: Limits.maxMessagesBurst,
      maxMessagesPerTurn: Limits.maxMessagesPerTurn,
      maxBytesPerSecond: Budgets.bytesPerSecond,
      maxBytesBurst: Budgets.bytesBurst,
      ...options,
    }
    this.tokens = this.options.maxMessagesBurst
    this.byteTokens = this.options.maxBytesBurst
    socket.binaryType = 'nodebuffer'
    socket.on('message', (data, isBinary) => this.receive(data, isBinary))
    socket.on('pong', () => {
      this.alive = true
    })
    socket.on('close', () => {
      this.deliverBacklogWithinRate()
      this.markClosed()
    })
    socket.on('error', (error) => {
      this.log.warn('socket error', { connection: this.id, error: error.message })
    })
  }

  /** Starts delivering frames (queued ones first) to the room's handler. */
  ready(handler: (bytes: Uint8Array) => void): void {
    this.handler = handler
    this.interceptor = null
    const queued = this.queue
    this.queue = []
    this.queuedBytes = 0
    let index = 0
    for (; index < queued.length && this.turnLeft(); index++) {
      if (this.closed) return
      this.deliver(queued[index]!)
    }
    if (index === queued.length || this.closed) return
    // More than one turn's worth queued during the load (up to 1,000 frames):
    // the rest go first in the backlog, already paid for, one turn at a time.
    const rest = queued.slice(index)
    this.backlog.unshift(...rest)
    this.prepaid += rest.length
    for (const bytes of rest) this.backlogBytes += bytes.byteLength
    if (!this.paused) {
      this.paused = true
      this.socket.pause()
      this.scheduleDrain()
    }
  }

  /**
   * Before the document is ready, lets `interceptor` handle frames it can
   * answer without the document (it returns true for those): the ones
   * already queued, then each new one. The rest stay queued, in order.
   */
  intercept(interceptor: (bytes: Uint8Array) => boolean): void {
    if (this.handler || this.closed) return
    this.interceptor = interceptor
    const queued = this.queue
    this.queue = []
    this.queuedBytes = 0
    for (const bytes of queued) {
      if (this.closed) return
      if (interceptor(bytes)) this.interceptedCount += 1
      else {
        this.queue.push(bytes)
        this.queuedBytes += bytes.byteLength
      }
    }
  }

  /** True once a frame has arrived, handled early or queued, before the document was ready. */
  get heardBeforeReady(): boolean {
    return this.queue.length > 0 || this.interceptedCount > 0
  }

  onClose(listener: () => void): void {
    if (this.closed) listener()
    else this.closeListeners.push(listener)
  }

  send(bytes: Uint8Array): void {
    if (!this.canSend()) return
    this.socket.send(bytes, { binary: true })
  }

  /** Sends a frame prepared once for a whole broadcast (see prepared-frame.ts). */
  sendPrepared(frame: PreparedFrame): void {
    if (!this.canSend()) return
    writePrepared(this.socket, frame)
  }

  private canSend(): boolean {
    if (this.closed) return false
    // ws has no backpressure on send: a reader too slow to drain its buffer is dropped, not allowed to grow memory.
    if (this.socket.bufferedAmount > this.options.maxBufferedBytes) {
      this.close(CloseCode.slowConsumer, 'send buffer overflow')
      return false
    }
    this.lastSentAt = Date.now()
    return true
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.closedWith = { code, reason }
    this.log.info('closing connection', { connection: this.id, code, reason, doc: this.docLabel() })
    this.markClosed()
    try {
      this.socket.close(code, reason.slice(0, 120))
    } catch {
      this.socket.terminate()
    }
    // A peer that never answers the close handshake must not hold the socket forever.
    const timer = setTimeout(() => this.socket.terminate(), 5_000)
    timer.unref()
    this.socket.once('close', () => clearTimeout(timer))
  }

  terminate(): void {
    this.markClosed()
    this.socket.terminate()
  }

  private docLabel(): string {
    return `${this.principal.situationId}/${this.principal.part}`
  }

  private markClosed(): void {
    if (this.closed) return
    this.closed = true
    this.cancelDrain?.()
    this.queue = []
    this.backlog = []
    this.prepaid = 0
    this.parked.length = 0
    this.parkedBytes = 0
    for (const listener of this.closeListeners.splice(0)) listener()
  }

  private receive(data: unknown, isBinary: boolean): void {
    if (this.closed) return
    this.alive = true
    if (!isBinary) {
      this.close(CloseCode.badFrame, 'text frames are not part of the protocol')
      return
    }
    const bytes = toBytes(data)
    // Order is kept: once frames wait in the backlog, every later one waits behind them.
    if (this.backlog.length > 0 || !this.turnLeft() || !this.takeToken(bytes.byteLength)) {
      this.enqueueBacklog(bytes)
      return
    }
    this.deliver(bytes)
  }

  private deliver(bytes: Uint8Array): void {
    this.handledThisTurn += 1
    if (this.handler) {
      this.handler(bytes)
      return
    }
    if (this.interceptor?.(bytes)) {
      this.interceptedCount += 1
      return
    }
    // Not ready yet: queue, bounded, until the document has loaded.
    this.queuedBytes += bytes.byteLength
    this.queue.push(bytes)
    if (this.queue.length > this.options.maxQueuedMessages || this.queuedBytes > this.options.maxQueuedBytes) {
      this.close(CloseCode.rateLimited, 'too much queued before the document was ready')
    }
  }

  /**
   * At most `maxMessagesPerTurn` frames of one socket per event-loop turn:
   * `ws` emits every frame of a 64 KiB read synchronously, and a burst of
   * thousands of costly frames (step 1s that each diff the document) would
   * otherwise hold the loop for everyone else. The rest waits in the backlog
   * for the next turn, after other sockets' I/O.
   */
  private turnLeft(): boolean {
    const turn = currentTurn()
    if (turn !== this.handledTurn) {
      this.handledTurn = turn
      this.handledThisTurn = 0
    }
    return this.handledThisTurn < this.options.maxMessagesPerTurn
  }

  /** The next backlog frame may go: it was paid for already, or a token is taken now. */
  private payForNext(): boolean {
    if (this.prepaid > 0) {
      this.prepaid -= 1
      return true
    }
    return this.takeToken(this.backlog[0]?.byteLength ?? 0)
  }

  /**
   * Token buckets: `maxMessagesPerSecond` messages and `maxBytesPerSecond`
   * bytes on average, bursts up to `maxMessagesBurst` / `maxBytesBurst`. A
   * frame costs one message and its size (at most one burst, so the largest
   * frame still passes once the bucket is full).
   */
  private takeToken(bytes: number): boolean {
    const now = Date.now()
    const elapsed = (now - this.lastRefill) / 1000
    this.tokens = Math.min(this.options.maxMessagesBurst, this.tokens + elapsed * this.options.maxMessagesPerSecond)
    this.byteTokens = Math.min(this.options.maxBytesBurst, this.byteTokens + elapsed * this.options.maxBytesPerSecond)
    this.lastRefill = now
    const cost = Math.min(bytes, this.options.maxBytesBurst)
    if (this.tokens < 1 || this.byteTokens < cost) return false
    this.tokens -= 1
    this.byteTokens -= cost
    return true
  }

  /** Milliseconds until the next frame (`bytes` long) can be paid for. */
  private waitForTokens(bytes: number): number {
    const messages = this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.options.maxMessagesPerSecond) * 1000
    const cost = Math.min(bytes, this.options.maxBytesBurst)
    const byteWait = this.byteTokens >= cost ? 0 : ((cost - this.byteTokens) / this.options.maxBytesPerSecond) * 1000
    return Math.max(1, Math.ceil(Math.max(messages, byteWait)))
  }

  /**
   * Over the rate, frames wait here and the socket is paused (TCP
   * backpressure reaches the sender) rather than closed: a flood is slowed
   * to the allowed rate, exactly, and costs the others nothing.
   */
  private enqueueBacklog(bytes: Uint8Array): void {
    this.backlog.push(bytes)
    this.backlogBytes += bytes.byteLength
    if (this.backlogBytes > this.options.maxQueuedBytes) {
      this.close(CloseCode.rateLimited, 'flood: too much waiting')
      return
    }
    if (!this.paused) {
      this.paused = true
      this.socket.pause()
      this.scheduleDrain()
    }
  }

  /** One pending drain at a time: on the next turn if only the turn budget ran out, else when a token is due. */
  private scheduleDrain(): void {
    this.cancelDrain?.()
    const drain = () => {
      this.cancelDrain = null
      this.drainBacklog()
    }
    const next = this.backlog[0]?.byteLength ?? 0
    if (this.prepaid > 0 || (this.tokens >= 1 && this.byteTokens >= Math.min(next, this.options.maxBytesBurst))) {
      const immediate = setImmediate(drain)
      this.cancelDrain = () => clearImmediate(immediate)
      return
    }
    const waitMs = this.waitForTokens(next)
    const timer = setTimeout(drain, waitMs)
    timer.unref()
    this.cancelDrain = () => clearTimeout(timer)
  }

  /**
   * The peer closed after sending frames that still wait for the next turn:
   * those within the rate were received and are the client's last edits, so
   * they are handled now rather than dropped. Frames over the rate (a flood)
   * are dropped with the connection, as before.
   */
  private deliverBacklogWithinRate(): void {
    while (!this.closed && this.backlog.length > 0 && this.payForNext()) {
      const bytes = this.backlog.shift()!
      this.backlogBytes -= bytes.byteLength
      this.deliver(bytes)
    }
  }

  private drainBacklog(): void {
    if (this.closed) return
    while (this.backlog.length > 0 && this.turnLeft() && this.payForNext()) {
      const bytes = this.backlog.shift()!
      this.backlogBytes -= bytes.byteLength
      this.deliver(bytes)
      if (this.closed) return
    }
    if (this.backlog.length > 0) {
      this.scheduleDrain()
      return
    }
    this.paused = false
    this.socket.resume()
  }
}

/** An event-loop turn counter shared by every connection: one setImmediate per turn in which frames arrive, not one per socket. */
let turn = 0
let turnEndScheduled = false
const currentTurn = (): number => {
  if (!turnEndScheduled) {
    turnEndScheduled = true
    setImmediate(() => {
      turn += 1
      turnEndScheduled = false
    })
  }
  return turn
}

const toBytes = (data: unknown): Uint8Array => {
  if (data instanceof Uint8Array) return data
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[])
  return new Uint8Array(0)
}
