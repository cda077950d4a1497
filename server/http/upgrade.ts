import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Context } from 'hono'
import type { WebSocket, WebSocketServer } from 'ws'

/**
 * WebSocket upgrades, decided by the Hono app and carried out here.
 *
 * Why not `@hono/node-server`'s `upgradeWebSocket` (used until Dec 2026):
 * its socket listeners close over the request's Hono `Context`, so every open
 * socket kept the `Request`, its `Headers`, the `IncomingMessage` and two
 * `URL`s alive for its whole life: ~14 KB of heap per idle connection, three
 * times what the reference server keeps (docs/PERFORMANCE.md, issue 17).
 *
 * Here the route runs as any other (session, rights, audit), and on success
 * calls `acceptUpgrade(c, open)`; this listener then completes the handshake
 * and calls `open(ws)`. `open` is built from what the socket needs (its
 * principal, its document), never from the context, so the request is
 * garbage once the handshake is done. Any other answer of the route (401,
 * 404, 503 with Retry-After…) is written to the socket as the HTTP response
 * it is, headers and body, and the socket closed.
 */

/** Called once the handshake is complete, with the open socket. */
export type OpenSocket = (ws: WebSocket) => void

const SLOT = Symbol('upgrade slot')

interface UpgradeSlot {
  open?: OpenSocket
}

/** The bindings an upgrade request carries into the app (`c.env`). */
export interface UpgradeBindings {
  incoming: IncomingMessage
  [SLOT]?: UpgradeSlot
}

/**
 * Accepts the upgrade this request asks for: `open` runs with the socket once
 * the handshake is done. Answered 426 when the request did not come through
 * the upgrade listener (a plain GET to a WebSocket route).
 */
export function acceptUpgrade(c: Context, open: OpenSocket): Response {
  const slot = (c.env as Partial<UpgradeBindings> | undefined)?.[SLOT]
  if (!slot) return c.json({ error: 'WebSocket upgrade required' }, 426)
  slot.open = open
  // Never sent as such: the listener sees the slot filled and completes the
  // handshake, with this response's headers (the route's and its middleware's).
  return c.body(null, 204)
}

export interface UpgradeOptions {
  /** The app's fetch (Hono's `app.fetch`). */
  fetch: (request: Request, env: UpgradeBindings) => Response | Promise<Response>
  /** Created with `noServer: true`; its options (maxPayload…) apply to every socket. */
  wss: WebSocketServer
  /** A route that throws: recorded here, answered 500. */
  onError?: (error: unknown) => void
}

/** Headers not copied from the app's response: hop-by-hop, the handshake's own, and set-cookie (one line per cookie, below). */
const SKIPPED = new Set(['set-cookie', 'connection', 'content-length', 'keep-alive', 'transfer-encoding', 'upgrade', 'sec-websocket-accept', 'sec-websocket-extensions', 'sec-websocket-protocol'])

/** Listens for upgrades on `server`; every upgrade goes through the app's routes first. */
export function handleUpgrades(server: Pick<Server, 'on'>, { fetch, wss, onError }: UpgradeOptions): void {
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void upgrade(request, socket, head, { fetch, wss, onError })
  })
  server.on('close', () => wss.close())
}

async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, { fetch, wss, onError }: UpgradeOptions): Promise<void> {
  // A reset while the app decides must not crash the process; ws adds its own handler once upgraded.
  socket.on('error', ignore)
  if (request.headers.upgrade?.toLowerCase() !== 'websocket') return writeResponse(socket, new Response(null, { status: 400 }))
  const fetchRequest = toRequest(request)
  if (!fetchRequest) return writeResponse(socket, new Response(null, { status: 400 }))
  const slot: UpgradeSlot = {}
  let response: Response
  try {
    response = await fetch(fetchRequest, { incoming: request, [SLOT]: slot })
  } catch (error) {
    onError?.(error)
    return writeResponse(socket, new Response(null, { status: 500 }))
  }
  if (socket.destroyed) return
  const open = slot.open
  if (!open) return writeResponse(socket, response)
  // The route's own headers go on the 101 too: a session extended by this
  // request re-sends its cookie (server/http/session.ts). ws emits 'headers'
  // within handleUpgrade, synchronously, before it writes the handshake.
  const extra = headerLines(response)
  const addHeaders = (headers: string[]) => headers.push(...extra)
  wss.on('headers', addHeaders)
  try {
    // ws answers 400 itself to a malformed handshake (key, version) and never calls back.
    wss.handleUpgrade(request, socket, head, (ws) => {
      socket.off('error', ignore)
      open(ws)
    })
  } finally {
    wss.off('headers', addHeaders)
  }
}

/** The response's headers as `name: value` lines, without hop-by-hop and handshake ones. */
function headerLines(response: Response): string[] {
  const lines: string[] = []
  response.headers.forEach((value, name) => {
    if (!SKIPPED.has(name)) lines.push(`${name}: ${value}`)
  })
  for (const cookie of response.headers.getSetCookie()) lines.push(`set-cookie: ${cookie}`)
  return lines
}

function ignore(): void {}

/** The upgrade request as a fetch `Request` (its method, headers and absolute URL); null when it cannot be one (malformed target, forbidden method). */
function toRequest(request: IncomingMessage): Request | null {
  try {
    const protocol = (request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'
    const url = new URL(request.url ?? '/', `${protocol}://${request.headers.host ?? 'localhost'}`)
    const headers = new Headers()
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined) continue
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
    }
    return new Request(url, { method: request.method, headers })
  } catch {
    return null
  }
}

/** Writes the app's answer (status, its headers, its body) as a raw HTTP/1.1 response, then closes. */
async function writeResponse(socket: Duplex, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer().catch(() => new ArrayBuffer(0)))
  if (socket.destroyed) return
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`, 'Connection: close', `Content-Length: ${body.length}`, ...headerLines(response)]
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]))
}
