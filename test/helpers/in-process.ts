import { serve } from '@hono/node-server'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { readConfig, type Config } from '../../server/config.ts'
import { createLogger, type Level } from '../../server/log.ts'
import { openDatabase } from '../../server/storage/db.ts'
import { createApp, type ConcertoApp } from '../../server/app.ts'
import { seedDemo } from '../../server/seed/demo.ts'

export interface TestServer {
  url: string
  wsUrl: string
  port: number
  dataDir: string
  concerto: ConcertoApp
  logs: string[]
  /** Closes sockets (1012), flushes, closes the database; keeps the data directory. */
  stop(): Promise<void>
  /** Stops and removes the data directory. */
  dispose(): Promise<void>
}

export interface TestServerOptions {
  dataDir?: string
  demo?: boolean
  env?: Record<string, string>
}

/** A real server (HTTP + WebSocket + SQLite file in a temp folder) on an ephemeral port, in this process. */
export async function startTestServer({ dataDir, demo = true, env = {} }: TestServerOptions = {}): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'concerto-test-'))
  const config: Config = readConfig({ DATA_DIR: dir, PORT: '0', UNLOAD_DELAY_MS: '50', CLIENT_DIR: './dist/client', ...env })
  const logs: string[] = []
  const log = createLogger({ level: (env.LOG_LEVEL as Level) ?? 'debug', write: (line) => void logs.push(line) })
  const db = openDatabase({ dataDir: dir, durability: config.durability })
  const concerto = createApp({ config, db, log })
  if (demo && concerto.users.count() === 0) await seedDemo(concerto)
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: concerto.app.fetch, port: 0, hostname: '127.0.0.1', websocket: { server: concerto.wss } }, () => resolve(s))
  })
  const port = (server.address() as AddressInfo).port
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await concerto.rooms.shutdown()
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
    })
    db.close()
  }
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir: dir,
    concerto,
    logs,
    stop,
    async dispose() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
