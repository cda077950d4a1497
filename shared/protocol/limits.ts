/** Wire limits shared by server (to enforce) and client (to stay under). */
export const Limits = {
  /** Largest frame the server accepts: the `ws` server's maxPayload. */
  maxFrameBytes: 8 * 1024 * 1024,
  /** Bytes a connection may queue while its document loads. */
  maxQueuedBytes: 16 * 1024 * 1024,
  /** Messages a connection may queue while its document loads. */
  maxQueuedMessages: 1000,
  /** Outgoing bytes buffered for one socket before it is dropped as a slow consumer. */
  maxBufferedBytes: 32 * 1024 * 1024,
  /** Updates a connection may park while they wait for an earlier one (a stock client sends new edits before its reconnect step 2). */
  maxParkedUpdates: 200,
  maxParkedBytes: 4 * 1024 * 1024,
  /** Heartbeat: ping, reap sockets silent for two beats, keep stock clients' 30 s timer fed. */
  heartbeatMs: 15_000,
  /** Incoming messages per second per connection, averaged over a burst window. */
  maxMessagesPerSecond: 500,
  maxMessagesBurst: 2000,
  /** Frames of one connection handled per event-loop turn; the rest wait for the next turn, after other sockets. */
  maxMessagesPerTurn: 32,
} as const
