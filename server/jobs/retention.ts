import type { Logger } from '../log.ts'
import type { RetentionRun } from '../domain/retention.ts'

const DAY_MS = 86_400_000

export interface RetentionJobOptions {
  run: () => Promise<RetentionRun>
  log: Logger
  /** Between runs; `RETENTION_INTERVAL_MS`, default one day. */
  intervalMs?: number
  /** Before the first run, so a restart catches up without waiting a day; default the smaller of the interval and 5 minutes. */
  firstRunMs?: number
}

/** The daily retention job: archives closed situations past their retention date, erases them after the grace period. Returns a stop function. */
export function startRetentionJob({ run, log, intervalMs = DAY_MS, firstRunMs = Math.min(intervalMs, 5 * 60_000) }: RetentionJobOptions): () => void {
  let timer: NodeJS.Timeout | null = null
  // Never rejects: a failed run is logged below.
  const tick = async () => {
    try {
      const result = await run()
      if (result.archived.length > 0 || result.erased.length > 0 || result.erasedRequests.length > 0 || result.deferred.length > 0) {
        log.info('retention run', { archived: result.archived.length, erased: result.erased.length, erasedRequests: result.erasedRequests.length, deferred: result.deferred.length })
      }
    } catch (error) {
      // A failed run leaves everything in place; the next one tries again.
      log.error('retention run failed', { error: (error as Error).message })
    }
    timer = setTimeout(() => void tick(), intervalMs)
    timer.unref()
  }
  timer = setTimeout(() => void tick(), firstRunMs)
  timer.unref()
  return () => {
    if (timer) clearTimeout(timer)
    timer = null
  }
}

/** `RETENTION_INTERVAL_MS` from the environment (tests shorten it), else a day. */
export function retentionIntervalFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.RETENTION_INTERVAL_MS
  const value = raw ? Number(raw) : DAY_MS
  if (!Number.isInteger(value) || value < 100) throw new Error(`RETENTION_INTERVAL_MS must be an integer ≥ 100, got "${raw}"`)
  return value
}
