import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { login, createMember, createSituations } from './concerto-api.ts'
import { startServer, type Generator, type ServerHandle, type ServerSpec } from './processes.ts'
import { startClusterServer, type ClusterCosts } from './cluster-server.ts'
import type { Target } from '../generator/clients.ts'

/** One row of the results: one server, one scenario (and variant), its figures. */
export interface Result {
  server: string
  scenario: string
  variant?: string
  ok: boolean
  failures?: string[]
  [figure: string]: unknown
}

export interface BenchContext {
  full: boolean
  /** `--quick`: every chosen scenario at its shortest, to prove the benchmark runs (figures not for quoting). */
  quick: boolean
  /** `--ignore-p99`: saturation does not stop at p99 > 50 ms (generator capacity checks). */
  ignoreP99?: boolean
  generators: Generator[]
  /** Scratch directory removed at the end of the run. */
  scratch: string
  log(message: string): void
  /** Rate per typist of the profile scenario (`--profile-rate`). */
  profileRate?: number
  /** `--rates`: the saturation scenario runs only these rates per typist, each whatever its p99. */
  rates?: number[]
  /** Monsieur X's plan, read from Concerto's demo (memory scenario). */
  demoPlanState?: Uint8Array
}

export const SERVERS: Record<string, ServerSpec> = {
  concerto: { kind: 'concerto', label: 'concerto', env: { DEMO: '1' } },
  'concerto-full': { kind: 'concerto', label: 'concerto-full', env: { DEMO: '1', DURABILITY: 'full', DOC_WRITER: 'main' } },
  // Issue 17: the document writer on the event loop or in its worker thread (DOC_WRITER, decision 019), side by side.
  'concerto-writer-main': { kind: 'concerto', label: 'concerto-writer-main', env: { DEMO: '1', DOC_WRITER: 'main' } },
  'concerto-writer-worker': { kind: 'concerto', label: 'concerto-writer-worker', env: { DEMO: '1', DOC_WRITER: 'worker' } },
  // Issue 17: V8's young generation capped (semi-spaces of 1 or 4 MB instead of up to 16 on this machine): RSS against GC CPU.
  'concerto-semi1': { kind: 'concerto', label: 'concerto-semi1', env: { DEMO: '1' }, nodeFlags: ['--max-semi-space-size=1'] },
  'concerto-semi4': { kind: 'concerto', label: 'concerto-semi4', env: { DEMO: '1' }, nodeFlags: ['--max-semi-space-size=4'] },
  // The WAL checkpoint worker at its former 1 s period (now 100 ms, server/storage/checkpointer.ts), side by side.
  'concerto-ckpt1s': { kind: 'concerto', label: 'concerto-ckpt1s', env: { DEMO: '1', CHECKPOINT_INTERVAL_MS: '1000' } },
  // Issue 17: without the full collection once the server is quiet (server/jobs/idle-memory.ts), side by side.
  'concerto-nogc': { kind: 'concerto', label: 'concerto-nogc', env: { DEMO: '1', IDLE_GC_MS: '0' } },
  // Issue 17: compaction every 500 log rows whatever the document's size (COMPACT_LOG_RATIO=0, the former rule), side by side.
  'concerto-compact500': { kind: 'concerto', label: 'concerto-compact500', env: { DEMO: '1', COMPACT_LOG_RATIO: '0' } },
  'concerto-full-worker': { kind: 'concerto', label: 'concerto-full-worker', env: { DEMO: '1', DURABILITY: 'full', DOC_WRITER: 'worker' } },
  // Issue 21: the same meeting through nginx on a cluster on PostgreSQL; of 1 node, nginx and PostgreSQL's own cost.
  'concerto-cluster-1': { kind: 'concerto', label: 'concerto-cluster-1', cluster: { nodes: 1 } },
  'concerto-cluster-3': { kind: 'concerto', label: 'concerto-cluster-3', cluster: { nodes: 3 } },
  hocuspocus: { kind: 'hocuspocus', label: 'hocuspocus' },
  yws: { kind: 'yws', label: 'yws' },
  // Issue 17: the reference server plus a SQLite commit of each update before it is broadcast: durability's own cost.
  'yws-durable': { kind: 'yws', label: 'yws-durable', env: { DURABLE: '1' } },
  // Issue 17: the same on Concerto's stack (Hono, @hono/node-server's upgrade, zod) with nothing of Concerto's own: the floor of this stack.
  'yws-stack': { kind: 'yws', label: 'yws-stack', env: { STACK: '1' } },
  // Issue 17: the stack floor plus an argon2id hash and a Paris calendar day, once each: what a demo server must do at start.
  'yws-stack-needs': { kind: 'yws', label: 'yws-stack-needs', env: { NEEDS: '1' } },
  relay: { kind: 'relay', label: 'relay' },
}

export function dataDir(context: BenchContext, label: string): string {
  return mkdtempSync(join(context.scratch, `${label}-`))
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** A running server plus how clients reach it and how rooms are made on it. */
export interface Session {
  server: ServerHandle & { costs?(): ClusterCosts }
  target: Target
  /** RSS one second after the server answered, before any client connected (Concerto: demo seeded), KiB. */
  idleRssKb: number
  /**
   * Peak RSS from start to that idle reading, KiB. The server's peak is then
   * reset, so `server.peakRssKb()` is the scenario's own (see resetPeakRss).
   */
  startupPeakRssKb: number
  /** Creates `count` rooms (Concerto: situations through the API, each with its own member; others: names). */
  rooms(count: number, prefix: string): Promise<string[]>
}

export async function openSession(spec: ServerSpec, dir: string, extraEnv: Record<string, string> = {}, nodeFlags: string[] = []): Promise<Session> {
  const started = { ...spec, env: { ...spec.env, ...extraEnv }, nodeFlags: [...(spec.nodeFlags ?? []), ...nodeFlags] }
  const server = spec.cluster ? await startClusterServer({ ...started, cluster: spec.cluster }) : await startServer({ ...started, dataDir: dir })
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const idleRssKb = server.rssKb()
  const startupPeakRssKb = server.peakRssKb()
  if (!server.resetPeakRss()) throw new Error('cannot reset the peak RSS (/proc/<pid>/clear_refs): the scenario peaks would include start-up')
  let cookie: string | undefined
  if (spec.kind === 'concerto') cookie = await login(server.port)
  const target: Target = { kind: spec.kind, port: server.port, ...(cookie ? { cookie, cookies: {} } : {}) }
  let counter = 0
  return {
    server,
    target,
    idleRssKb,
    startupPeakRssKb,
    async rooms(count, prefix) {
      if (spec.kind === 'concerto') {
        const ids = await createSituations(server.port, cookie!, count, `bench ${prefix}`)
        for (const id of ids) target.cookies![id] = await createMember(server.port, cookie!, id, `bench-${prefix}-${counter++}`)
        return ids
      }
      const base = counter
      counter += count
      return Array.from({ length: count }, (_, index) => `${prefix}-${base + index}`)
    },
  }
}

/** Splits rooms between the generator processes, alternately. */
export function split<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => [])
  items.forEach((item, index) => out[index % parts]!.push(item))
  return out
}

export const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10
