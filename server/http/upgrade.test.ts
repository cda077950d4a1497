import { afterEach, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { Hono } from 'hono'
import WebSocket, { WebSocketServer } from 'ws'
import { acceptUpgrade, handleUpgrades } from './upgrade.ts'
import { fullGc } from '../jobs/idle-memory.ts'

let server: Server | undefined
let wss: WebSocketServer | undefined

afterEach(async () => {
  wss?.clients.forEach((client) => client.terminate())
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  server = undefined
})

/** A real HTTP server on a kernel port with the upgrade listener, routing to `app`. */
async function start(app: Hono, errors: unknown[] = []): Promise<number> {
  wss = new WebSocketServer({ noServer: true })
  server = createServer((_request, response) => response.end('plain'))
  handleUpgrades(server, { fetch: app.fetch, wss, onError: (error) => errors.push(error) })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** Sends one raw request and reads everything until the server closes. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request))
    let text = ''
    socket.on('data', (chunk) => (text += chunk.toString('latin1')))
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
}

const upgradeRequest = (path: string, headers = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n') =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${headers}\r\n`

describe('WebSocket upgrades decided by the app', () => {
  it("writes the route's refusal to the socket as the HTTP response it is, with its headers and body, then closes", async () => {
    const app = new Hono().get('/room', (c) => {
      c.header('Retry-After', '1')
      return c.json({ error: 'served elsewhere' }, 503)
    })
    const port = await start(app)
    const answer = await raw(port, upgradeRequest('/room'))
    const [head = '', body = ''] = answer.split('\r\n\r\n')
    expect(head).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/)
    expect(head.toLowerCase()).toContain('retry-after: 1')
    expect(head.toLowerCase()).toContain('connection: close')
    expect(head.toLowerCase()).not.toContain('upgrade:')
    expect(JSON.parse(body)).toEqual({ error: 'served elsewhere' })
  })

  it('completes the handshake when the route accepts, and hands the open socket to its callback', async () => {
    const app = new Hono().get('/echo', (c) =>
      acceptUpgrade(c, (socket) => {
        socket.on('message', (data) => socket.send(`écho ${String(data)}`))
      }),
    )
    const port = await start(app)
    const client = new WebSocket(`ws://127.0.0.1:${port}/echo`)
    const reply = await new Promise<string>((resolve, reject) => {
      client.on('open', () => client.send('bonjour'))
      client.on('message', (data) => resolve(String(data)))
      client.on('error', reject)
    })
    expect(reply).toBe('écho bonjour')
    client.close()
  })

  it("sends the route's own headers on the 101, each cookie on its own line", async () => {
    const app = new Hono().get('/room', (c) => {
      c.header('Set-Cookie', 'session=renouvelee; Max-Age=604800; HttpOnly', { append: true })
      c.header('Set-Cookie', 'autre=1', { append: true })
      c.header('X-Request-Id', 'r-1')
      return acceptUpgrade(c, () => {})
    })
    const port = await start(app)
    const client = new WebSocket(`ws://127.0.0.1:${port}/room`)
    const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      client.once('upgrade', (response) => resolve(response.headers))
      client.once('error', reject)
    })
    expect(headers['set-cookie']).toEqual(['session=renouvelee; Max-Age=604800; HttpOnly', 'autre=1'])
    expect(headers['x-request-id']).toBe('r-1')
    expect(headers['content-length']).toBeUndefined()
    client.close()
  })

  it('keeps nothing of the request alive once the socket is open', async () => {
    const gc = fullGc()
    let request: WeakRef<Request> | undefined
    let opened: WebSocket | undefined
    const app = new Hono().get('/room', (c) => {
      request = new WeakRef(c.req.raw)
      return acceptUpgrade(c, (socket) => {
        opened = socket
        socket.on('message', () => socket.send('ok'))
      })
    })
    const port = await start(app)
    const client = new WebSocket(`ws://127.0.0.1:${port}/room`)
    await new Promise((resolve, reject) => {
      client.on('open', resolve)
      client.on('error', reject)
    })
    // A WeakRef keeps its target until the job that made it ends; a timer later it may go.
    await new Promise((resolve) => setTimeout(resolve, 20))
    gc()
    expect(opened?.readyState).toBe(WebSocket.OPEN)
    expect(request).toBeDefined()
    expect(request!.deref()).toBeUndefined()
    client.close()
  })

  it('answers 500 to a route that throws, records the error, and goes on serving', async () => {
    const errors: unknown[] = []
    const app = new Hono()
      .get('/broken', () => {
        throw new Error('route failed')
      })
      .get('/echo', (c) => acceptUpgrade(c, (socket) => socket.send('ouvert')))
    // Hono turns a thrown error into its own 500 unless told otherwise; rethrow so the listener sees it.
    app.onError((error) => {
      throw error
    })
    const port = await start(app, errors)
    expect(await raw(port, upgradeRequest('/broken'))).toMatch(/^HTTP\/1\.1 500 /)
    expect(errors).toHaveLength(1)
    const client = new WebSocket(`ws://127.0.0.1:${port}/echo`)
    expect(await new Promise((resolve) => client.on('message', (data) => resolve(String(data))))).toBe('ouvert')
    client.close()
  })

  it('answers 400 to an upgrade to another protocol, and to a WebSocket handshake without its key', async () => {
    const opened: string[] = []
    const app = new Hono().get('/room', (c) => acceptUpgrade(c, () => opened.push('opened')))
    const port = await start(app)
    expect(await raw(port, upgradeRequest('/room', 'Upgrade: h2c\r\nConnection: Upgrade\r\n'))).toMatch(/^HTTP\/1\.1 400 /)
    expect(await raw(port, upgradeRequest('/room', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n'))).toMatch(/^HTTP\/1\.1 400 /)
    expect(opened).toEqual([])
  })

  it('answers 426 to a plain request on a WebSocket route', async () => {
    const app = new Hono().get('/room', (c) => acceptUpgrade(c, () => {}))
    const response = await app.request('/room')
    expect(response.status).toBe(426)
  })
})
