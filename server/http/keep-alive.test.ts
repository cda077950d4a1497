import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type SpawnedServer } from '../../test/helpers/server.ts'
import { KEEP_ALIVE_TIMEOUT_MS } from './keep-alive.ts'

// The real entry (server/main.ts) in its own process: what is tested is how it listens.
let server: SpawnedServer
beforeAll(async () => {
  server = await startServer({ env: { DEMO: '0', JOBS: '0' } })
})
afterAll(async () => {
  await server?.stop()
  server?.dispose()
})

/** Sends one keep-alive GET on the socket and resolves with the response's status line. */
const get = (socket: Socket, path: string) =>
  new Promise<string>((resolve, reject) => {
    let text = ''
    const onData = (chunk: Buffer) => {
      text += chunk.toString()
      if (/\r\n\r\n/.test(text) && /content-length: (\d+)/i.test(text)) {
        const length = Number(/content-length: (\d+)/i.exec(text)![1])
        if (Buffer.byteLength(text.split('\r\n\r\n').slice(1).join('\r\n\r\n')) >= length) {
          socket.off('data', onData)
          resolve(text.split('\r\n')[0]!)
        }
      }
    }
    socket.on('data', onData)
    socket.once('error', reject)
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`)
  })

describe('idle HTTP connections', () => {
  it("stay open past Node's default 5 s, so a proxy's or browser's reused connection is never closed under its next request", async () => {
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000)
    const socket = connect(server.port, '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    let closedAt: number | null = null
    socket.once('close', () => (closedAt = Date.now()))
    try {
      expect(await get(socket, '/healthz')).toMatch(/^HTTP\/1\.1 200/)
      await new Promise((resolve) => setTimeout(resolve, 6_500))
      expect(closedAt).toBeNull()
      expect(await get(socket, '/healthz')).toMatch(/^HTTP\/1\.1 200/)
    } finally {
      socket.destroy()
    }
  }, 20_000)
})
