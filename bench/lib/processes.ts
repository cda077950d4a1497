import { fork, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { dirname, resolve } from 'node:path'

/** Repository root (bench/lib/ → ../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const CLOCK_TICKS_PER_SECOND = 100

const children = new Set<ChildProcess>()

/** Kills every child still running; called on exit, on errors and on signals. */
export function killChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  children.clear()
}
process.on('exit', killChildren)

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolvePort(port))
    })
  })
}

export type ServerKind = 'concerto' | 'hocuspocus' | 'yws' | 'relay'

export interface ServerSpec {
  kind: ServerKind
  /** Label in the results ("concerto", "concerto-full", …). */
  label: string
  env?: Record<string, string>
  dataDir?: string
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[]
  /** Concerto only: a local cluster of this many nodes on PostgreSQL behind nginx (bench/lib/cluster-server.ts). */
  cluster?: { nodes: number }
}

export interface ServerHandle {
  spec: ServerSpec
  pid: number
  port: number
  /** User + system CPU seconds used so far (/proc/<pid>/stat). */
  cpuSeconds(): number
  /** Current resident set (VmRSS), KiB. */
  rssKb(): number
  /** Peak resident set (VmHWM) since start or since the last `resetPeakRss`, KiB. */
  peakRssKb(): number
  /** Starts a new peak from the current RSS (Linux `clear_refs` 5); false where the kernel refuses. */
  resetPeakRss(): boolean
  stop(): Promise<void>
  /** SIGKILL: a crash, no flush. */
  crash(): Promise<void>
}

/** Compiled entries (bench/lib/build.ts builds them before the run): every server runs with plain node. */
const ENTRY: Record<ServerKind, string> = {
  concerto: 'dist/server/main.js',
  hocuspocus: 'dist/bench/hocuspocus.js',
  yws: 'dist/bench/y-websocket.js',
  relay: 'dist/bench/relay.js',
}

/** Starts one server as its own process on loopback and waits until it answers. */
export async function startServer(spec: ServerSpec, timeoutMs = 60_000): Promise<ServerHandle> {
  const port = await freePort()
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ...(spec.dataDir ? { DATA_DIR: spec.dataDir } : {}),
    ...spec.env,
  }
  const child = spawn(process.execPath, [...(spec.nodeFlags ?? []), ENTRY[spec.kind]], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  let output = ''
  const remember = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000)
  }
  child.stdout!.on('data', remember)
  child.stderr!.on('data', remember)
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()))

  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${spec.label} exited during start (${child.exitCode}): ${output}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`${spec.label} did not start within ${timeoutMs} ms: ${output}`)
    }
    if (/Concerto est prêt|^ready \d+/m.test(output) && (await answers(port, spec.kind))) break
    await sleep(100)
  }
  const pid = child.pid!
  const proc = procReader()
  return {
    spec,
    pid,
    port,
    cpuSeconds: () => cpuSecondsOf(pid),
    rssKb: () => proc.statusKb(pid, 'VmRSS'),
    peakRssKb: () => proc.statusKb(pid, 'VmHWM'),
    resetPeakRss: () => resetPeakRss([pid]),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        await exited
        clearTimeout(killer)
      }
      children.delete(child)
    },
    async crash() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await exited
      }
      children.delete(child)
    },
  }
}

/**
 * Writing 5 to /proc/<pid>/clear_refs sets VmHWM back to the current RSS
 * (Linux 4.0+), so a scenario's peak is its own and not the start-up's
 * (Concerto seeds its demo at start: ~130 MB before V8 returns the garbage).
 */
export function resetPeakRss(pids: number[]): boolean {
  try {
    for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/**
 * Reads /proc for processes that may exit between two readings: after a
 * process has gone, the last value read stands (NaN if none was).
 */
export function procReader() {
  const last = new Map<string, number>()
  const remember = (key: string, read: () => number) => {
    try {
      last.set(key, read())
    } catch {
      // exited
    }
    return last.get(key) ?? Number.NaN
  }
  return {
    /** A `VmRSS`/`VmHWM`-like field of /proc/<pid>/status, KiB. */
    statusKb: (pid: number, field: string) =>
      remember(`${pid}:${field}`, () => {
        const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
        return match ? Number(match[1]) : Number.NaN
      }),
    cpuSeconds: (pid: number) => remember(`${pid}:cpu`, () => cpuSecondsOf(pid)),
  }
}

/** User + system CPU seconds of a process (/proc/<pid>/stat utime + stime). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
}

async function answers(port: number, kind: ServerKind): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${kind === 'concerto' ? '/healthz' : '/'}`, { signal: AbortSignal.timeout(2000) })
    await response.arrayBuffer()
    return kind === 'concerto' ? response.status === 200 : true
  } catch {
    return false
  }
}

export const sleep = (ms: number) => new Promise<void>((resolveSleep) => setTimeout(resolveSleep, ms))

/** A load-generator process and a typed request/response channel to it. */
export interface Generator {
  pid: number
  call<T>(type: string, payload: unknown, timeoutMs?: number): Promise<T>
  /** Disconnects (the generator exits by itself, writing its profile if asked), SIGTERM after 3 s. */
  stop(): Promise<void>
}

export function forkGenerator(index: number): Generator {
  const child = fork(resolve(ROOT, 'dist/bench/generator.js'), [String(index)], {
    cwd: ROOT,
    // BENCH_GENERATOR_PROFILE=dir: each generator writes a CPU profile there (to see what the load itself costs).
    execArgv: ['--max-old-space-size=4096', ...(process.env.BENCH_GENERATOR_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_GENERATOR_PROFILE] : [])],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  children.add(child)
  let nextId = 1
  const pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>()
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const waiter = pending.get(message.id)
    if (!waiter) return
    pending.delete(message.id)
    if (message.error !== undefined) waiter.reject(new Error(`generator ${index}: ${message.error}`))
    else waiter.resolve(message.result)
  })
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`generator ${index} exited (${code})`))
    pending.clear()
  })
  return {
    pid: child.pid!,
    call<T>(type: string, payload: unknown, timeoutMs = 300_000): Promise<T> {
      const id = nextId++
      return new Promise<T>((resolveCall, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(new Error(`generator ${index}: ${type} timed out after ${timeoutMs} ms`))
        }, timeoutMs)
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer)
            resolveCall(value)
          },
          reject: (error) => {
            clearTimeout(timer)
            reject(error)
          },
        })
        child.send({ id, type, payload })
      })
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()))
        if (child.connected) child.disconnect()
        const timer = setTimeout(() => child.kill('SIGTERM'), 3000)
        await exited
        clearTimeout(timer)
      }
      children.delete(child)
    },
  }
}
