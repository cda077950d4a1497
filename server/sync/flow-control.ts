import { Budgets, Limits } from '../../shared/protocol/limits.ts'

export interface FlowControlOptions {
  maxMessagesPerSecond?: number
  maxMessagesBurst?: number
  maxMessagesPerTurn?: number
  maxBytesPerSecond?: number
  maxBytesBurst?: number
  /** Bytes waiting over the rate before the sender is dropped as a flood. */
  maxBacklogBytes?: number
}

/** The empty backlog every connection starts with, shared: most never fall behind (issue 17: memory per idle connection). */
const NO_BACKLOG: readonly Uint8Array[] = Object.freeze([])

const resolved = new WeakMap<FlowControlOptions, Required<FlowControlOptions>>()

/** The options with their defaults, made once per options object and shared by the connections given it. */
function resolve(options: FlowControlOptions): Required<FlowControlOptions> {
  let full = resolved.get(options)
  if (!full) {
    full = {
      maxMessagesPerSecond: Limits.maxMessagesPerSecond,
      maxMessagesBurst: Limits.maxMessagesBurst,
      maxMessagesPerTurn: Limits.maxMessagesPerTurn,
      maxBytesPerSecond: Budgets.bytesPerSecond,
      maxBytesBurst: Budgets.bytesBurst,
      maxBacklogBytes: Limits.maxQueuedBytes,
      ...options,
    }
    resolved.set(options, full)
  }
  return full
}

/** What flow control drives: the connection it paces. */
export interface FlowTarget {
  /** Hands one frame on, in arrival order. */
  deliver(bytes: Uint8Array): void
  /** Stops (and restarts) reading the socket: TCP backpressure reaches the sender. */
  pause(): void
  resume(): void
  /** Too much waits over the rate: the sender is a flood. */
  overflow(): void
  isClosed(): boolean
}

/**
 * The pace of one connection: at most `maxMessagesPerSecond` frames and
 * `maxBytesPerSecond` bytes on average (token buckets with bursts), and at
 * most `maxMessagesPerTurn` frames per event-loop turn. Frames over the rate
 * wait in a backlog, in order, with the socket paused, rather than being
 * dropped: a flood is slowed to the allowed rate, exactly, and costs the
 * others nothing. Frames queued while the document loaded were paid for on
 * arrival (prepaid) and go first.
 *
 * @example const flow = new FlowControl({}, connectionTarget); socket.on('message', (bytes) => flow.receive(bytes))
 */
export class FlowControl {
  private readonly options: Required<FlowControlOptions>
  private tokens: number
  /** Byte budget: refilled at `maxBytesPerSecond`, up to `maxBytesBurst`. */
  private byteTokens: number
  private lastRefill = Date.now()
  private paused = false
  /** Frames over the rate, in arrival order, waiting for tokens. */
  private backlog = NO_BACKLOG as Uint8Array[]
  private backlogBytes = 0
  /** Frames at the front of the backlog that already took their token (queued during the load). */
  private prepaid = 0
  /** Frames handled in the current event-loop turn (see turnLeft). */
  private handledThisTurn = 0
  private handledTurn = -1
  /** Cancels the one pending drain of the backlog, if any. */
  private cancelDrain: (() => void) | null = null

  constructor(
    options: FlowControlOptions,
    private readonly target: FlowTarget,
  ) {
    this.options = resolve(options)
    this.tokens = this.options.maxMessagesBurst
    this.byteTokens = this.options.maxBytesBurst
  }

  /** A frame from the socket: delivered now if within the rate and nothing waits before it, else queued behind. */
  receive(bytes: Uint8Array): void {
    // Order is kept: once frames wait in the backlog, every later one waits behind them.
    if (this.backlog.length > 0 || !this.turnLeft() || !this.takeToken(bytes.byteLength)) {
      this.enqueueBacklog(bytes)
      return
    }
    this.deliver(bytes)
  }

  /**
   * Frames that already took their token (queued while the document
   * loaded): delivered within this turn's budget, the rest first in the
   * backlog, one turn at a time.
   */
  deliverPaid(frames: readonly Uint8Array[]): void {
    let index = 0
    for (; index < frames.length && this.turnLeft(); index++) {
      if (this.target.isClosed()) return
      this.deliver(frames[index]!)
    }
    if (index === frames.length || this.target.isClosed()) return
    const rest = frames.slice(index)
    this.backlog = [...rest, ...this.backlog]
    this.prepaid += rest.length
    for (const bytes of rest) this.backlogBytes += bytes.byteLength
    this.pauseAndDrain()
  }

  /**
   * The peer closed after sending frames that still wait for the next turn:
   * those within the rate were received and are the client's last edits, so
   * they are handled now rather than dropped. Frames over the rate (a flood)
   * are dropped with the connection.
   */
  deliverWithinRate(): void {
    while (!this.target.isClosed() && this.backlog.length > 0 && this.payForNext()) {
      const bytes = this.backlog.shift()!
      this.backlogBytes -= bytes.byteLength
      this.deliver(bytes)
    }
  }

  /** The connection is closed: nothing more is delivered. */
  stop(): void {
    this.cancelDrain?.()
    this.backlog = NO_BACKLOG as Uint8Array[]
    this.backlogBytes = 0
    this.prepaid = 0
  }

  private deliver(bytes: Uint8Array): void {
    this.handledThisTurn += 1
    this.target.deliver(bytes)
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
   * Token buckets: a frame costs one message and its size (at most one
   * burst, so the largest frame still passes once the bucket is full).
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

  private enqueueBacklog(bytes: Uint8Array): void {
    if (this.backlog === NO_BACKLOG) this.backlog = []
    this.backlog.push(bytes)
    this.backlogBytes += bytes.byteLength
    if (this.backlogBytes > this.options.maxBacklogBytes) {
      this.target.overflow()
      return
    }
    this.pauseAndDrain()
  }

  private pauseAndDrain(): void {
    if (this.paused) return
    this.paused = true
    this.target.pause()
    this.scheduleDrain()
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
    const timer = setTimeout(drain, this.waitForTokens(next))
    timer.unref()
    this.cancelDrain = () => clearTimeout(timer)
  }

  private drainBacklog(): void {
    if (this.target.isClosed()) return
    while (this.backlog.length > 0 && this.turnLeft() && this.payForNext()) {
      const bytes = this.backlog.shift()!
      this.backlogBytes -= bytes.byteLength
      this.deliver(bytes)
      if (this.target.isClosed()) return
    }
    if (this.backlog.length > 0) {
      this.scheduleDrain()
      return
    }
    this.paused = false
    this.target.resume()
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
