import { messageSync } from 'y-websocket'
import { messageYjsUpdate } from 'y-protocols/sync'

/**
 * True for a y-websocket frame carrying a document update (sync message,
 * update sub-type). Both tags are below 128, so each is one varuint byte.
 */
export function isDocumentUpdate(data: unknown): boolean {
  const bytes = data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : null
  return bytes !== null && bytes.length > 1 && bytes[0] === messageSync && bytes[1] === messageYjsUpdate
}

/**
 * The WebSocket class a reader's provider is given (y-websocket's public
 * `WebSocketPolyfill` option): it never sends a document update, as
 * defence in depth (the server would refuse it with 4403). The handshake,
 * its answer and awareness still flow.
 *
 * @example new WebsocketProvider(url, name, doc, { WebSocketPolyfill: readOnlySocket() })
 */
export function readOnlySocket(): typeof WebSocket {
  return class ReadOnlyWebSocket extends WebSocket {
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (!isDocumentUpdate(data)) super.send(data)
    }
  }
}
