import type { Logger } from '../log.ts'

export interface LiveRecheckJobOptions {
  /** One re-check of this node's live connections; resolves with how many it closed. */
  run: () => Promise<number>
  log: Logger
  /** Between the end of one run and the start of the next (`RIGHTS_RECHECK_MS`). */
  intervalMs: number
}

/**
 * Cluster mode: re-checks the rights of this node's live connections on a
 * timer (domain/live-recheck.ts), runs never overlapping. Returns a stop
 * function.
 */
export function startLiveRecheckJob({ run, log, intervalMs }: LiveRecheckJobOptions): () => void {
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  const tick = async () => {
    try {
      const closed = await run()
      if (closed > 0) log.info('live connections re-checked', { closed })
    } catch (error) {
      // The database may be away for a moment: the next period tries again; nothing was granted meanwhile.
      log.warn('live connections not re-checked', { error: (error as Error).message })
    }
    if (stopped) return
    timer = setTimeout(() => void tick(), intervalMs)
    timer.unref()
  }
  timer = setTimeout(() => void tick(), intervalMs)
  timer.unref()
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    timer = null
  }
}

/** `RIGHTS_RECHECK_MS` from the environment: how often a cluster node re-reads its connections' rights (default 10 s). */
export function liveRecheckIntervalFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.RIGHTS_RECHECK_MS
  const value = raw ? Number(raw) : 10_000
  if (!Number.isInteger(value) || value < 100) throw new Error(`RIGHTS_RECHECK_MS must be an integer ≥ 100, got "${raw}"`)
  return value
}
