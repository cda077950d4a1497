import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'
import { dropTestStore, serverStoreEnv } from './test-store.ts'
import { serverStarted } from './live-servers.ts'

export interface SpawnedServer {
  url: string
  wsUrl: string
  port: number
  dataDir: string
  process: ChildProcess
  output: string[]
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>
  /** Sends a signal (SIGKILL for crash tests) and waits for the process to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Removes the data directory (after stop/kill), and its PostgreSQL database in the postgres project. */
  dispose(): void
}

export interface SpawnOptions {
  dataDir?: string
  port?: number
  env?: Record<string, string>
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })

/**
 * The port the server reports once listening (PORT=0: the kernel chose it),
 * from the "Concerto est prêt" line it prints at every log level.
 */
const reportedPort = (output: string[]): number | null => {
  const match = /Concerto est prêt : http:\/\/\S+:(\d+)/.exec(output.join(''))
  return match ? Number(match[1]) : null
}

/**
 * Starts the real server as its own `node` process (never through npm or
 * the tsx CLI, whose wrapper would survive a SIGKILL). Without a `port`, the
 * server binds port 0 and the helper reads the port it got: a port picked
 * here and bound later could be taken meanwhile by another test's server,
 * which would then answer this one's health check (a CI failure, Dec 2026).
 */
export async function startServer({ dataDir, port, env = {} }: SpawnOptions = {}): Promise<SpawnedServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'concerto-proc-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port ?? 0), HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'info', ...(await serverStoreEnv(dir)), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const deadline = Date.now() + 60_000
  let chosenPort = 0
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output.join('')}`)
    const reported = reportedPort(output)
    if (reported !== null && (port === undefined || reported === port)) {
      try {
        const response = await fetch(`http://127.0.0.1:${reported}/healthz`)
        if (response.ok) {
          chosenPort = reported
          break
        }
      } catch {
        // ready line printed, socket not answering yet
      }
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not start:\n${output.join('')}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const url = `http://127.0.0.1:${chosenPort}`
  const spawned: SpawnedServer = {
    url,
    wsUrl: `ws://127.0.0.1:${chosenPort}`,
    port: chosenPort,
    dataDir: dir,
    process: child,
    output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      return exited
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true })
      // The folder's scratch PostgreSQL database (postgres project); the run's teardown drops it if this fails.
      void dropTestStore(dir).catch(() => {})
    },
  }
  // A failing test prints the end of its output (failure-logs.ts).
  serverStarted(spawned, exited)
  return spawned
}
