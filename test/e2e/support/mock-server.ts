import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { WebSocketServer, type WebSocket } from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import { partAccess } from '../../../shared/schema/parts.ts'
import { parseSyncPath } from '../../../shared/protocol/sync-url.ts'
import { CloseCode } from '../../../shared/protocol/close-codes.ts'
import { seedSituations, USERS, type MockSituation } from './mock-seed.ts'

/**
 * A development stand-in for the real server (API subset + y-websocket sync
 * with read-only enforcement), used while `server/` is being written and by
 * `E2E_MOCK=1` test runs. Not a product component: the real server is the
 * authority. Run it by hand with `npx tsx test/e2e/support/mock-server.ts`.
 */

export interface MockServer {
  url: string
  port: number
  dataDir: string
  stop(): Promise<void>
  kill(): void
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
}

interface Room {
  doc: Y.Doc
  awareness: awarenessProtocol.Awareness
  sockets: Set<WebSocket>
}

export async function startMockServer(options: { port?: number; clientDir?: string } = {}): Promise<MockServer> {
  const here = fileURLToPath(new URL('.', import.meta.url))
  const clientDir = options.clientDir ?? resolve(here, '../../../dist/client')
  const situations = seedSituations()
  const sessions = new Map<string, string>()
  const rooms = new Map<string, Room>()

  const userOf = (req: IncomingMessage): string | null => {
    const match = /(?:^|;\s*)mock_session=([^;]+)/.exec(req.headers.cookie ?? '')
    return match ? (sessions.get(match[1]!) ?? null) : null
  }
  const membership = (situation: MockSituation, userId: string) => situation.members.find((m) => m.userId === userId)

  const json = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(body === undefined ? '' : JSON.stringify(body))
  }
  const readBody = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return null
    }
  }

  const api = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (path === '/api/auth/login' && req.method === 'POST') {
      const body = (await readBody(req)) as { email?: unknown; password?: unknown } | null
      if (!body || typeof body.email !== 'string' || typeof body.password !== 'string') return json(res, 400, { error: 'email' })
      const email = body.email
      const user = USERS.find((u) => u.email === email.trim().toLowerCase())
      if (!user || body.password !== 'concerto-demo') return json(res, 401, { error: 'invalid_credentials' })
      const token = randomBytes(16).toString('hex')
      sessions.set(token, user.id)
      res.setHeader('set-cookie', `mock_session=${token}; Path=/; HttpOnly; SameSite=Lax`)
      return json(res, 200, user)
    }
    if (path === '/api/auth/logout' && req.method === 'POST') {
      res.setHeader('set-cookie', 'mock_session=; Path=/; Max-Age=0')
      res.writeHead(204).end()
      return
    }
    const userId = userOf(req)
    if (!userId) return json(res, 401, { error: 'unauthenticated' })
    if (path === '/api/me') return json(res, 200, USERS.find((u) => u.id === userId))
    if (path === '/api/situations') {
      return json(
        res,
        200,
        situations
          .filter((s) => membership(s, userId))
          .map((s) => {
            const coordinator = s.members.find((m) => m.role === 'coordinator')
            return {
              id: s.id,
              title: s.title,
              kind: s.kind,
              role: membership(s, userId)!.role,
              status: s.status,
              reviewDate: s.reviewDate,
              coordinatorName: coordinator?.name ?? null,
              personName: s.personName,
            }
          }),
      )
    }
    const match = /^\/api\/situations\/([A-Za-z0-9_-]+)$/.exec(path)
    if (match) {
      const situation = situations.find((s) => s.id === match[1])
      const me = situation && membership(situation, userId)
      if (!situation || !me) return json(res, 404, { error: 'not_found' })
      const coordinator = situation.members.find((m) => m.role === 'coordinator')
      return json(res, 200, {
        id: situation.id,
        title: situation.title,
        kind: situation.kind,
        status: situation.status,
        reviewDate: situation.reviewDate,
        personName: situation.personName,
        role: me.role,
        access: {
          plan: partAccess(me, 'plan'),
          health: partAccess(me, 'health'),
          person: partAccess(me, 'person'),
        },
        me: { memberId: me.id, userId },
        coordinator: coordinator ? { memberId: coordinator.id, name: coordinator.name } : null,
        members: situation.members,
      })
    }
    return json(res, 404, { error: 'not_found' })
  }

  const serveStatic = async (res: ServerResponse, path: string) => {
    let file = join(clientDir, path)
    if (!file.startsWith(clientDir)) return json(res, 404, {})
    const info = await stat(file).catch(() => null)
    if (!info || !info.isFile()) file = join(clientDir, 'index.html')
    const body = await readFile(file).catch(() => null)
    if (!body) return json(res, 404, { error: 'client not built' })
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' })
    res.end(body)
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const handler = path.startsWith('/api/') ? api(req, res, path) : serveStatic(res, path)
    handler.catch((error: unknown) => {
      console.error(error)
      if (!res.headersSent) json(res, 500, { error: 'internal' })
    })
  })

  const wss = new WebSocketServer({ noServer: true })
  server.on('upgrade', (req, socket, head) => {
    const target = parseSyncPath(new URL(req.url ?? '/', 'http://x').pathname)
    const userId = userOf(req)
    const situation = target && situations.find((s) => s.id === target.situationId)
    const me = situation && userId ? membership(situation, userId) : undefined
    const access = me && target ? partAccess(me, target.part) : 'none'
    if (!target || !situation || !userId || access === 'none') {
      socket.write(`HTTP/1.1 ${userId ? '404 Not Found' : '401 Unauthorized'}\r\nConnection: close\r\n\r\n`)
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => join_(ws, `${target.situationId}/${target.part}`, situation.docs[target.part], access === 'write'))
  })

  const roomOf = (name: string, doc: Y.Doc): Room => {
    let room = rooms.get(name)
    if (room) return room
    const awareness = new awarenessProtocol.Awareness(doc)
    awareness.setLocalState(null)
    const created: Room = { doc, awareness, sockets: new Set() }
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, 0)
      syncProtocol.writeUpdate(encoder, update)
      const message = encoding.toUint8Array(encoder)
      for (const socket of created.sockets) if (socket !== origin) socket.send(message)
    })
    awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, 1)
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]))
      const message = encoding.toUint8Array(encoder)
      for (const socket of created.sockets) socket.send(message)
    })
    rooms.set(name, created)
    return created
  }

  function join_(ws: WebSocket, name: string, doc: Y.Doc, writable: boolean) {
    const room = roomOf(name, doc)
    room.sockets.add(ws)
    const clientIds = new Set<number>()
    ws.binaryType = 'arraybuffer'
    const ping = setInterval(() => ws.ping(), 15_000)
    ws.on('message', (data: ArrayBuffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      const encoder = encoding.createEncoder()
      const type = decoding.readVarUint(decoder)
      if (type === 0) {
        const syncType = decoding.readVarUint(decoder)
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          encoding.writeVarUint(encoder, 0)
          syncProtocol.readSyncStep1(decoder, encoder, doc)
        } else {
          const update = decoding.readVarUint8Array(decoder)
          if (writable) Y.applyUpdate(doc, update, ws)
          else {
            // Read-only: accept only a no-op (nothing beyond our state).
            const before = Y.encodeStateVector(doc)
            const probe = new Y.Doc()
            Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc))
            Y.applyUpdate(probe, update)
            const after = Y.encodeStateVector(probe)
            if (Buffer.compare(Buffer.from(before), Buffer.from(after)) !== 0) ws.close(CloseCode.forbidden, 'read-only')
          }
        }
      } else if (type === 1) {
        const update = decoding.readVarUint8Array(decoder)
        const dec = decoding.createDecoder(update)
        const count = decoding.readVarUint(dec)
        for (let i = 0; i < count; i++) {
          clientIds.add(decoding.readVarUint(dec))
          decoding.readVarUint(dec)
          decoding.readVarString(dec)
        }
        awarenessProtocol.applyAwarenessUpdate(room.awareness, update, ws)
      } else if (type === 3) {
        encoding.writeVarUint(encoder, 1)
        encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()]))
      }
      if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder))
    })
    ws.on('close', () => {
      clearInterval(ping)
      room.sockets.delete(ws)
      awarenessProtocol.removeAwarenessStates(room.awareness, [...clientIds], null)
    })
    // Step 1 from the server, then the current awareness.
    const step1 = encoding.createEncoder()
    encoding.writeVarUint(step1, 0)
    syncProtocol.writeSyncStep1(step1, doc)
    ws.send(encoding.toUint8Array(step1))
    if (room.awareness.getStates().size > 0) {
      const aw = encoding.createEncoder()
      encoding.writeVarUint(aw, 1)
      encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()]))
      ws.send(encoding.toUint8Array(aw))
    }
  }

  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir: '',
    async stop() {
      for (const client of wss.clients) client.close(CloseCode.serviceRestart)
      await new Promise<void>((done) => server.close(() => done()))
    },
    kill() {
      for (const client of wss.clients) client.terminate()
      server.close()
    },
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await startMockServer({ port: Number(process.env.PORT ?? 8787) })
  console.log(`mock server on ${server.url}`)
}
