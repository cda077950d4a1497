/**
 * WebSocket close codes: the server closes with them, the client explains them.
 *
 * The stock y-websocket client treats 4400–4499 as permanent (it stops and
 * emits `closed`) and reconnects after anything else, so refusals live in
 * 44xx and transient trouble in 45xx or 1012.
 */
export const CloseCode = {
  /** Server shutting down or restarting: reconnect. */
  serviceRestart: 1012,
  /** A frame over the size limit (set by the `ws` server's maxPayload). */
  messageTooBig: 1009,
  /** A frame that does not decode as a y-websocket message. */
  badFrame: 4400,
  /** No valid session. */
  unauthenticated: 4401,
  /** A write the connection has no right to, or another user's client id: drop the local copy. */
  forbidden: 4403,
  /** Unknown situation or no right to this part (the same answer for both). */
  notFound: 4404,
  /** Access was withdrawn while connected (member removed, plan hidden, objection, logout). */
  accessRevoked: 4410,
  /** The database was restored from a backup: local copies are stale and must be dropped. */
  restoredFromBackup: 4412,
  /** An update Yjs could not apply. */
  updateRejected: 4422,
  /** Too many messages in too little time. */
  rateLimited: 4429,
  /** Rights changed while connected (e.g. writer became reader): reconnect to get the new mode. */
  accessChanged: 4509,
  /** Too many updates waiting for a missing earlier one: reconnect, the handshake resends in order. */
  resyncRequired: 4510,
  /**
   * Cluster mode: another node now serves this situation (this one lost its
   * lease, or a write was fenced). Reconnect (through the proxy, to the new
   * owner) and keep the local copy: the handshake resends what was not stored.
   */
  ownershipMoved: 4511,
  /** Unexpected server error: reconnect. */
  internalError: 4500,
  /** Storage could not persist: reconnect, the handshake resends what was refused. */
  storageUnavailable: 4503,
  /** The client reads too slowly and its send buffer overflowed: reconnect. */
  slowConsumer: 4508,
} as const

export type CloseCodeName = keyof typeof CloseCode
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName]

/** Codes after which a client should drop its local (offline) copy of the document. */
export const DROP_LOCAL_COPY_CODES: readonly number[] = [
  CloseCode.forbidden,
  CloseCode.notFound,
  CloseCode.accessRevoked,
  CloseCode.restoredFromBackup,
  // The server could not apply this client's update: keeping the local copy would resend it on every reload.
  CloseCode.updateRejected,
]

/** The stock client reconnects after any code outside 4400–4499. */
export const isPermanentClose = (code: number): boolean => code >= 4400 && code <= 4499
