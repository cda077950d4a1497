import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { login, createMember, createSituations } from './concerto-api.ts'
import { startServer, type Generator, type ServerHandle, type ServerSpec } from './processes.ts'
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
  /** Monsieur X's plan, read from Concerto's demo (memory scenario). */
  demoPlanState?: Uint8Array
}

export const SERVERS: Record<string, ServerSpec> = {
  concerto: { kind: 'concerto', label: 'concerto', env: { DEMO: '1' } },
  'concerto-full': { kind: 'concerto', label: 'concerto-full', env: { DEMO: '1', DURABILITY: 'full' } },
  hocuspocus: { kind: 'hocuspocus', label: 'hocuspocus' },
  yws: { kind: 'yws', label: 'yws' },
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
  server: ServerHandle
  target: Target
  /** RSS one second after the server answered, before any client connected (Concerto: demo seeded), KiB. */
  idleRssKb: number
  /** Creates `count` rooms (Concerto: situations through the API, each with its own member; others: names). */
  rooms(count: number, prefix: string): Promise<string[]>
}

export async function openSession(spec: ServerSpec, dir: string, extraEnv: Record<string, string> = {}, nodeFlags: string[] = []): Promise<Session> {
  const server = await startServer({ ...spec, dataDir: dir, env: { ...spec.env, ...extraEnv }, nodeFlags })
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const idleRssKb = server.rssKb()
  let cookie: string | undefined
  if (spec.kind === 'concerto') cookie = await login(server.port)
  const target: Target = { kind: spec.kind, port: server.port, ...(cookie ? { cookie, cookies: {} } : {}) }
  let counter = 0
  return {
    server,
    target,
    idleRssKb,
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
