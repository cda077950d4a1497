import type { WebSocket } from 'ws'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { Limits } from '../../shared/protocol/limits.ts'
import type { Principal } from './extension.ts'
import type { Logger } from '../log.ts'
import { writePrepared, type PreparedFrame } from './prepared-frame.ts'
import { FlowControl, type FlowControlOptions, type FlowTarget } from './flow-control.ts'

export interface ConnectionOptions extends Omit<FlowControlOptions, 'maxBacklogBytes'> {
  maxQueuedBytes?: number
  maxQueuedMessages?: number
  maxBufferedBytes?: number
  /** A frame over the socket's maxPayload: ws closed it with 1009 before any of our code read it (the audit's one chance). */
  onOversizedFrame?: (connection: Connection) => void
}

/** Where a ready connection hands its frames: its room. */
export interface FrameReceiver {
  receive(connection: Connection, bytes: Uint8Array): void
}

let nextConnectionId = 1

interface Settings {
  maxQueuedBytes: number
  maxQueuedMessages: number
  maxBufferedBytes: number
  onOversizedFrame: ((connection: Connection) => void) | null
  flow: FlowControlOptions
}

/** The queue of a connection whose room is ready (or that closed): never filled again, so one shared. */
const NO_FRAMES: Uint8Array[] = Object.freeze([]) as unknown as Uint8Array[]

/** The socket's connection, for the listeners shared by every socket (one set of functions, not four closures per socket). */
const OWNER = Symbol('connection')
type OwnedSocket = WebSocket & { [OWNER]?: Connection }

const NO_OPTIONS: ConnectionOptions = {}
const settingsByOptions = new WeakMap<ConnectionOptions, Settings>()

/** Resolved once per options object and shared by its connections: thousands of idle sockets need not carry a copy each. */
function settingsFor(options: ConnectionOptions): Settings {
  let settings = settingsByOptions.get(options)
  if (!settings) {
    const { maxQueuedBytes = Limits.maxQueuedBytes, maxQueuedMessages = Limits.maxQueuedMessages, maxBufferedBytes = Limits.maxBufferedBytes, onOversizedFrame, ...pace } = options
    settings = { maxQueuedBytes, maxQueuedMessages, maxBufferedBytes, onOversizedFrame: onOversizedFrame ?? null, flow: { ...pace, maxBacklogBytes: maxQueuedBytes } }
    settingsByOptions.set(options, settings)
  }
  return settings
}

/**
 * One socket: receives binary frames in order, queues them until its room is
 * ready, and closes itself with a named code. Its pace (rate, turn budget,
 * backlog) is its FlowControl's. A class because it owns state with a
 * lifecycle (Hocuspocus `Connection`). It is its FlowControl's target itself
 * rather than through an object of closures: per idle socket, every object
 * counts (issue 17).
 */
export class Connection implements FlowTarget {
  readonly id = nextConnectionId++
  closed = false
  /** The code and reason this side closed with, if it did (for the audit of refusals). */
  closedWith: { code: number; reason: string } | null = null
  lastSentAt = Date.now()

  /** Awareness client ids this connection announced (removed from the room when it leaves). */
  private readonly announced = new Set<number>()
  /** Cleared by the heartbeat; set again when a pong or any message arrives. */
  private alive = true
  private queue: Uint8Array[] = []
  private queuedBytes = 0
  private receiver: FrameReceiver | null = null
  /** While the document loads: may handle a frame early (returns true) instead of queueing it. */
  private interceptor: ((bytes: Uint8Array) => boolean) | null = null
  private interceptedCount = 0
  private readonly flow: FlowControl
  private readonly options: Settings
  private readonly closeListeners: (() => void)[] = []

  constructor(
    readonly socket: WebSocket,
    readonly principal: Principal,
    private readonly log: Logger,
    options: ConnectionOptions = NO_OPTIONS,
  ) {
    this.options = settingsFor(options)
    this.flow = new FlowControl(this.options.flow, this)
    socket.binaryType = 'nodebuffer'
    ;(socket as OwnedSocket)[OWNER] = this
    socket.on('message', Connection.socketMessage)
    socket.on('pong', Connection.socketPong)
    socket.on('close', Connection.socketClosed)
    socket.on('error', Connection.socketError)
  }

  // The socket's listeners: `this` is the socket (EventEmitter calls them so).
  private static socketMessage(this: OwnedSocket, data: WebSocket.RawData, isBinary: boolean): void {
    this[OWNER]?.receive(data, isBinary)
  }

  private static socketPong(this: OwnedSocket): void {
    const connection = this[OWNER]
    if (connection) connection.alive = true
  }

  private static socketClosed(this: OwnedSocket): void {
    const connection = this[OWNER]
    if (!connection) return
    connection.flow.deliverWithinRate()
    connection.markClosed()
  }

  private static socketError(this: OwnedSocket, error: Error & { code?: string }): void {
    const connection = this[OWNER]
    if (!connection) return
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') connection.options.onOversizedFrame?.(connection)
    connection.log.warn('socket error', { connection: connection.id, error: error.message })
  }

  /** Awareness client ids this connection announced. */
  get awarenessClientIds(): ReadonlySet<number> {
    return this.announced
  }

  /** Records a presence this connection publishes (`true`) or withdrew (`false`). */
  announce(clientId: number, present: boolean): void {
    if (present) this.announced.add(clientId)
    else this.announced.delete(clientId)
  }

  /**
   * One heartbeat: false if nothing was heard since the last one (the
   * caller terminates it); otherwise pings and waits for the next.
   */
  heartbeat(): boolean {
    if (!this.alive) return false
    this.alive = false
    this.socket.ping()
    return true
  }

  /** Starts delivering frames (queued ones first) to the room. */
  ready(receiver: FrameReceiver): void {
    this.receiver = receiver
    this.interceptor = null
    const queued = this.queue
    this.queue = NO_FRAMES
    this.queuedBytes = 0
    // Queued frames took their token on arrival; more than one turn's worth wait in the backlog.
    this.flow.deliverPaid(queued)
  }

  /**
   * Before the document is ready, lets `interceptor` handle frames it can
   * answer without the document (it returns true for those): the ones
   * already queued, then each new one. The rest stay queued, in order.
   */
  intercept(interceptor: (bytes: Uint8Array) => boolean): void {
    if (this.receiver || this.closed) return
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
    this.flow.stop()
    this.queue = NO_FRAMES
    for (const listener of this.closeListeners.splice(0)) listener()
  }

  private receive(data: unknown, isBinary: boolean): void {
    if (this.closed) return
    this.alive = true
    if (!isBinary) {
      this.close(CloseCode.badFrame, 'text frames are not part of the protocol')
      return
    }
    this.flow.receive(toBytes(data))
  }

  /** FlowTarget: stops (and restarts) reading the socket, so TCP backpressure reaches the sender. */
  pause(): void {
    this.socket.pause()
  }

  resume(): void {
    this.socket.resume()
  }

  /** FlowTarget: too much waits over the rate, the sender is a flood. */
  overflow(): void {
    this.close(CloseCode.rateLimited, 'flood: too much waiting')
  }

  isClosed(): boolean {
    return this.closed
  }

  /** FlowTarget: one frame within the pace, in arrival order. Only this connection's FlowControl calls it. */
  deliver(bytes: Uint8Array): void {
    if (this.closed) return
    if (this.receiver) {
      this.receiver.receive(this, bytes)
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
}

const toBytes = (data: unknown): Uint8Array => {
  if (data instanceof Uint8Array) return data
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[])
  return new Uint8Array(0)
}
