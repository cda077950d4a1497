import http from 'node:http'
import { WebSocketServer } from 'ws'
import { setupWSConnection } from '@y/websocket-server/utils'

/**
 * The y-websocket reference server (@y/websocket-server 0.1.1), started as
 * its own bin does (`setupWSConnection` on a `ws` server, document name from
 * the URL), without persistence, bound to loopback.
 */
const port = Number(process.env.PORT ?? 0)
const wss = new WebSocketServer({ noServer: true })
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' })
  response.end('okay')
})
wss.on('connection', setupWSConnection)
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
