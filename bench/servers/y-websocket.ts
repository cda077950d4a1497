import http from 'node:http'
import { join } from 'node:path'
import { WebSocketServer } from 'ws'
import { setupWSConnection } from '@y/websocket-server/utils'

/**
 * The y-websocket reference server (@y/websocket-server 0.1.1), started as
 * its own bin does (`setupWSConnection` on a `ws` server, document name from
 * the URL), without persistence, bound to loopback.
 *
 * `DURABLE=1` (bench server `yws-durable`) is the same server with the least
 * a durable one must add: each incoming sync update is inserted into SQLite
 * (better-sqlite3, WAL, synchronous=NORMAL as Concerto's default), committed
 * before the reference code applies and broadcasts it. It measures what
 * durability alone costs on this machine, to tell it apart from Concerto's
 * own overhead (issue 17).
 *
 * `STACK=1` (bench server `yws-stack`, implies the commit) serves the same
 * reference code on the stack Concerto is built on: HTTP and the upgrade
 * through Hono and `@hono/node-server` (its `upgradeWebSocket`, the raw `ws`
 * socket handed to `setupWSConnection`), the room name checked by a zod
 * schema. Nothing of Concerto's own is loaded: its memory and CPU are the
 * floor of any server on this stack that commits before it broadcasts.
 *
 * `NEEDS=1` (bench server `yws-stack-needs`, implies `STACK=1`) adds, before
 * it listens, the two things Concerto cannot start its demo without, each
 * done once as Concerto does it: an argon2id hash with Concerto's parameters
 * (`@node-rs/argon2`, the brief's password hashing: the demo's accounts are
 * created at start) and a calendar day in Paris time (`Intl.DateTimeFormat`
 * with ICU's time zones: the follow-up rules' "today" at the first tick).
 * Its idle RSS is the floor of the 70 MB goal (issue 17).
 */
const port = Number(process.env.PORT ?? 0)
const wss = new WebSocketServer({ noServer: true })
const needs = process.env.NEEDS === '1'
const stack = needs || process.env.STACK === '1'
if (needs) {
  const { hash } = await import('@node-rs/argon2')
  await hash('mot de passe de démonstration', { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 })
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}
if (stack || process.env.DURABLE === '1') {
  const { default: Database } = await import('better-sqlite3')
  const db = new Database(join(process.env.DATA_DIR ?? '.', 'updates.db'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec('CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY, doc TEXT NOT NULL, message BLOB NOT NULL)')
  const insert = db.prepare('INSERT INTO updates (doc, message) VALUES (?, ?)')
  // Registered before setupWSConnection's own listener: `ws` calls listeners
  // in order, so the row is committed (autocommit) before the update is applied and sent on.
  wss.on('connection', (ws, request) => {
    const doc = (request.url ?? '/').slice(1).split('?')[0] ?? ''
    ws.on('message', (data: ArrayBuffer | Buffer) => {
      // setupWSConnection sets binaryType 'arraybuffer' on the socket.
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data
      // y-protocols: message type 0 (sync), then step 2 (1) or update (2).
      if (bytes.length > 2 && bytes[0] === 0 && (bytes[1] === 1 || bytes[1] === 2)) insert.run(doc, bytes)
    })
  })
}
const ready = (address: ReturnType<http.Server['address']>) =>
  process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : port}\n`)
// After the commit's listener (above): `ws` calls listeners in order.
wss.on('connection', setupWSConnection)
let server: { close(): unknown }
if (stack) {
  const [{ Hono }, { serve, upgradeWebSocket }, { z }] = await Promise.all([import('hono'), import('@hono/node-server'), import('zod')])
  type Bindings = { incoming: http.IncomingMessage }
  const roomName = z.string().regex(/^[\w.-]{1,200}$/)
  const app = new Hono<{ Bindings: Bindings }>()
  app.get('/healthz', (c) => c.text('okay'))
  app.get('/:room', async (c, next) => {
    const room = roomName.safeParse(c.req.param('room'))
    if (!room.success) return c.json({ error: 'bad room name' }, 400)
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return c.text('okay')
    const request = c.env.incoming
    return upgradeWebSocket(() => ({
      onOpen(_event, ws) {
        wss.emit('connection', ws.raw, request)
      },
    }))(c, next)
  })
  server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1', websocket: { server: wss } }, (info) => ready(info))
} else {
  const plain = http.createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain' })
    response.end('okay')
  })
  plain.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
  })
  plain.listen(port, '127.0.0.1', () => ready(plain.address()))
  server = plain
}
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate()
  server.close()
  process.exit(0)
})
