import * as wsModule from 'ws'
import { WebSocket } from 'ws'

/** `ws` exports its frame builder (`Sender`) from its ESM entry; its types omit it. */
const { Sender } = wsModule as unknown as {
  Sender: { frame(data: Uint8Array, options: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }): Buffer[] }
}

/**
 * A binary WebSocket frame built once and written as is to every recipient.
 *
 * Server frames are never masked, so the bytes on the wire are the same for
 * every socket of a room. `ws.send` rebuilds the header and goes through
 * cork/writev/uncork for each recipient; the profile at saturation spent a
 * third of the busy time in those per-recipient writes (see
 * docs/decisions/006-prepared-broadcast-frames.md). Here a broadcast frames
 * the message once and writes one buffer per socket.
 */
export interface PreparedFrame {
  payload: Uint8Array
  wire: Buffer
}

export const prepareFrame = (payload: Uint8Array): PreparedFrame => ({
  payload,
  wire: Buffer.concat(Sender.frame(payload, { fin: true, rsv1: false, opcode: 2, mask: false, readOnly: false })),
})

/** The parts of `ws` internals the fast path relies on; checked on every write. */
interface WsInternals {
  _socket?: { write(chunk: Buffer): boolean } | null
  _sender?: { _queue?: unknown[]; _state?: number } | null
}

/**
 * Writes a prepared frame, or falls back to `ws.send` whenever writing raw
 * bytes could reorder or corrupt the stream: a socket not open (a close frame
 * may be out), or a sender with queued frames or busy (compressing, reading a
 * Blob). Per-message deflate is off on this server, so the sender is idle
 * between synchronous writes.
 */
export function writePrepared(socket: WebSocket, frame: PreparedFrame): void {
  const internals = socket as unknown as WsInternals
  const sender = internals._sender
  const raw = internals._socket
  if (socket.readyState !== WebSocket.OPEN || !raw || !sender || (sender._queue?.length ?? 0) > 0 || (sender._state ?? 0) !== 0) {
    socket.send(frame.payload, { binary: true })
    return
  }
  raw.write(frame.wire)
}
