import { serve } from '@hono/node-server'
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { expect } from 'vitest'
import type { AddressInfo } from 'node:net'
import type { Server as HttpServer } from 'node:http'
import { readConfig, type Config } from '../../server/config.ts'
import { createLogger, type Level } from '../../server/log.ts'
import { startCheckpointer } from '../../server/storage/checkpointer.ts'
import { openDatabase } from '../../server/storage/db.ts'
import { createApp, type ConcertoApp } from '../../server/app.ts'
import { dropTestStore, openTestSql } from './test-store.ts'
import { seedDemo } from '../../server/seed/demo.ts'
import { LOGS_DIR } from '../faults/report.ts'
import { keepIdleConnections } from '../../server/http/keep-alive.ts'
import { handleUpgrades } from '../../server/http/upgrade.ts'

/**
 * Every in-process server's log lines also go to
 * `test-results/faults/logs/in-process--<test file>.log`, so that
 * test/security/logs.test.ts can grep the logs of a whole test run, not only
 * of the servers it starts itself. One file per test file, rewritten on each
 * run (the first save of a run truncates it), so stale runs do not pile up.
 */
const started = new Set<string>()
const logFileForThisTest = (): string => {
  let testPath: string | undefined
  try {
    testPath = expect.getState().testPath
  } catch {
    // Outside a vitest context: one file per process.
  }
  const name = testPath ? relative(process.cwd(), testPath).replace(/[\\/]/g, '_') : `pid-${process.pid}`
  return join(LOGS_DIR, `in-process--${name}.log`)
}

/** Buffers lines and writes them in batches (at stop, every 1 000 lines, and at exit). */
const logSaver = (file: string) => {
  let pending: string[] = []
  const save = () => {
    if (pending.length === 0) return
    const text = `${pending.join('\n')}\n`
    pending = []
    mkdirSync(LOGS_DIR, { recursive: true })
    if (started.has(file)) appendFileSync(file, text)
    else {
      started.add(file)
      writeFileSync(file, text)
    }
  }
  let stopped = false
  process.once('exit', save)
  return {
    add(line: string) {
      pending.push(line)
      // A line logged after stop (a late close) has no later save to ride on.
      if (stopped || pending.length >= 1_000) save()
    },
    save() {
      stopped = true
      save()
      process.off('exit', save)
    },
  }
}

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
  const saver = logSaver(logFileForThisTest())
  const log = createLogger({
    level: (env.LOG_LEVEL as Level) ?? 'debug',
    write: (line) => {
      logs.push(line)
      saver.add(line)
    },
  })
  const db = openDatabase({ dataDir: dir, durability: config.durability })
  const checkpointer = startCheckpointer(db, { durability: config.durability, intervalMs: config.checkpointIntervalMs, onError: (reason) => log.error('checkpointer', { reason }) })
  const store = await openTestSql(db, dir)
  const concerto = createApp({ config, db, log, sql: store.sql })
  if (demo && (await concerto.users.count()) === 0) await seedDemo(concerto)
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: concerto.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  // As main.ts does: the browser tests' API clients reuse idle connections.
  keepIdleConnections(server as HttpServer)
  handleUpgrades(server as HttpServer, { fetch: concerto.app.fetch, wss: concerto.wss, onError: (error) => log.error('upgrade failed', { error: (error as Error).message }) })
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
    await checkpointer.stop()
    await store.close()
    db.close()
    saver.save()
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
      await dropTestStore(dir)
      // A file the closing database or checkpointer writes at the last moment can make one rmdir race (ENOTEMPTY): retried.
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })
    },
  }
}
