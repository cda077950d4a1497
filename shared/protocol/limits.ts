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

/**
 * Size budgets (DESIGN.md 5b): what one writer may put into a document, one
 * connection into a room's presence, one user into the server. Over a budget,
 * the update or frame is refused whole (never stored, never broadcast) and
 * its sender closed with `4422` and a reason beginning `over budget:`, which
 * the client shows as "too large" rather than as a broken update.
 *
 * Sized for real plans: a long assessment (300 KB of text typed or pasted
 * at once) is one update well under `updateBytes`; a whole plan with years
 * of history stays far under `documentBytes`.
 */
export const Budgets = {
  /** One Yjs update (a sync step 2 or update message). A 300 KB paste passes; a 5 MB one does not. */
  updateBytes: 512 * 1024,
  /** One document as stored (its encoded state, plus what was accepted since it was last measured). */
  documentBytes: 32 * 1024 * 1024,
  /** One awareness frame: a stock client's presence is a few hundred bytes. */
  awarenessFrameBytes: 16 * 1024,
  /** One presence state (JSON) of one client id. */
  awarenessStateBytes: 4 * 1024,
  /** Awareness client ids one connection may publish: a stock client has exactly one. */
  awarenessClientsPerConnection: 1,
  /** Open sync sockets of one user across the server (8 tabs of 3 parts, plus reconnect overlap). */
  socketsPerUser: 32,
  /** Incoming bytes per second per connection, averaged; bursts up to `bytesBurst` (one largest update and then some). */
  bytesPerSecond: 1024 * 1024,
  bytesBurst: 4 * 1024 * 1024,
} as const

/** The close reason prefix of a refusal for size (the client explains it as "too large"). */
export const OVER_BUDGET_REASON = 'over budget'
