import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { Logger } from '../log.ts'

export interface IdleMemoryJobOptions {
  /** True while anything is being served: a socket open or a document loaded. */
  busy: () => boolean
  log: Logger
  /** How long the server must have been quiet, after being busy, before one collection (`IDLE_GC_MS`). */
  quietMs: number
  /** How often `busy` is asked. */
  checkEveryMs?: number
  /** The collection; by default V8's full GC (tests pass their own). */
  collect?: () => void
}

/**
 * V8 exposes its full collection only behind `--expose-gc`, which `npm start`
 * (one process, decision 008) does not pass on its command line. The flag is
 * read when a new context is made, so setting it at run time works for this
 * one use; Node warns that flags changed after start may misbehave, hence
 * only this one, and a failure only logs (decision 020).
 */
export const fullGc = (): (() => void) => {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/**
 * Gives memory back once the last client has left. After a meeting, the
 * rooms' documents are garbage, but V8 returns heap pages only after a major
 * collection starts its memory reducer, and an idle server allocates too
 * little to need one: the benchmark's memory scenario found RSS still 18 %
 * above its baseline 30 s after the last client left in one run, 14 % below
 * it in the next (docs/PERFORMANCE.md, issue 17). One full collection, once
 * the server has been quiet `quietMs` after being busy, makes that return
 * happen every time; start-up counts as busy, for its own garbage. It runs
 * only on a quiet server (no socket, no loaded document), so the pause (tens
 * of ms) delays no one; at most once per busy period.
 * Returns a stop function. Decision 020.
 */
export function startIdleMemoryJob({ busy, log, quietMs, checkEveryMs = Math.min(5_000, quietMs), collect }: IdleMemoryJobOptions): () => void {
  let gc = collect
  // Start-up (migrations, the demo's seeding) counts as a busy period: its garbage goes too.
  let busySince: number | null = Date.now()
  let quietSince: number | null = null
  const timer = setInterval(() => {
    const now = Date.now()
    if (busy()) {
      busySince ??= now
      quietSince = null
      return
    }
    if (busySince === null) return
    quietSince ??= now
    if (now - quietSince < quietMs) return
    busySince = null
    quietSince = null
    try {
      gc ??= fullGc()
      const started = performance.now()
      gc()
      log.debug('idle: memory collected', { ms: Math.round(performance.now() - started) })
    } catch (error) {
      log.warn('idle collection not run', { error: (error as Error).message })
    }
  }, checkEveryMs)
  timer.unref()
  return () => clearInterval(timer)
}

/** `IDLE_GC_MS` from the environment: quiet time before the collection (default 10 s; 0 turns it off). */
export function idleGcFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.IDLE_GC_MS
  const value = raw ? Number(raw) : 10_000
  if (!Number.isInteger(value) || value < 0) throw new Error(`IDLE_GC_MS must be an integer ≥ 0, got "${raw}"`)
  return value
}
