import http from 'node:http'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { encodeSync, SYNC_STEP2 } from '../lib/protocol.ts'

/**
 * The limit: a raw `ws` relay that forwards each frame to the other sockets
 * of its room, with no CRDT work and no storage. With SNAPSHOT_DIR set, a
 * joining socket first receives `<room>.bin` read from disk as a sync step 2
 * (the floor of a cold load: read bytes, send them).
 */
const port = Number(process.env.PORT ?? 0)
const snapshotDir = process.env.SNAPSHOT_DIR ?? null
const rooms = new Map<string, Set<WebSocket>>()
const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 })
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' })
  response.end('okay')
})

wss.on('connection', (socket: WebSocket, request: http.IncomingMessage) => {
  const name = (request.url ?? '/').slice(1).split('?')[0] ?? ''
  let room = rooms.get(name)
  if (!room) rooms.set(name, (room = new Set()))
  const members = room
  members.add(socket)
  if (snapshotDir) {
    const file = join(snapshotDir, `${encodeURIComponent(name)}.bin`)
    if (existsSync(file)) socket.send(encodeSync(null, SYNC_STEP2, readFileSync(file)))
  }
  socket.on('message', (data, isBinary) => {
    for (const other of members) if (other !== socket) other.send(data, { binary: isBinary })
  })
  socket.on('close', () => {
    members.delete(socket)
    if (members.size === 0) rooms.delete(name)
  })
  socket.on('error', () => socket.terminate())
})
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
})
server.listen(port, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : port}\n`)
})
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate()
  server.close()
  process.exit(0)
})
