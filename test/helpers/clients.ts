import * as Y from 'yjs'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'

export const DEMO_PASSWORD = 'concerto-demo'

/** Logs in through the real HTTP API and returns the Cookie header value. */
export async function login(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (response.status !== 200) throw new Error(`login failed for ${email}: ${response.status}`)
  const cookie = response.headers.get('set-cookie')
  if (!cookie) throw new Error('no session cookie')
  return cookie.split(';')[0]!
}

/** A `ws` WebSocket class that sends the session cookie, for the stock provider. */
export const cookieWebSocket = (cookie: string | null) =>
  class CookieWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, cookie ? { headers: { cookie } } : {})
    }
  }

export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  closeCodes: number[]
  synced: Promise<void>
  destroy(): void
}

/** A stock y-websocket client, exactly as an outside integration would use it. */
export function connectClient(wsUrl: string, room: string, cookie: string | null, doc = new Y.Doc()): TestClient {
  const provider = new WebsocketProvider(`${wsUrl}/sync`, room, doc, {
    WebSocketPolyfill: cookieWebSocket(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  const closeCodes: number[] = []
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code)
  })
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve()
    else provider.once('sync', () => resolve())
  })
  return {
    doc,
    provider,
    closeCodes,
    synced,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Polls until the check passes or the timeout expires (then throws with the last failure). */
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 5000, intervalMs = 20 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      return await check()
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) throw lastError
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A raw socket for protocol-level tests; resolves once open, or with the refusal. */
export function openRawSocket(url: string, cookie: string | null, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, { headers: { ...(cookie ? { cookie } : {}), ...headers } })
  const received: Uint8Array[] = []
  socket.binaryType = 'nodebuffer'
  socket.on('message', (data) => received.push(new Uint8Array(data as Buffer)))
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  const opened = new Promise<{ ok: true } | { ok: false; status: number }>((resolve) => {
    socket.on('open', () => resolve({ ok: true }))
    socket.on('unexpected-response', (_request, response) => {
      resolve({ ok: false, status: response.statusCode ?? 0 })
      socket.terminate()
    })
    socket.on('error', () => resolve({ ok: false, status: 0 }))
  })
  return { socket, received, closed, opened }
}
