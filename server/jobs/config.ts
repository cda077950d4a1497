import { z } from 'zod'

/**
 * The reminder jobs' settings, from the environment (read once in main.ts):
 * `JOBS` (1 on, 0 off), `JOBS_INTERVAL_MS` (tick, default 60 s),
 * `JOBS_LEASE_MS` (how long a claim holds, default 2 min), `DIGEST_HOUR`
 * (Paris hour from which the day's digests go, default 7).
 * `JOBS_PAUSE_AFTER_CLAIM_MS` is a fault point for the kill -9 test only.
 */
const schema = z.object({
  JOBS: z.enum(['0', '1']).default('1'),
  JOBS_INTERVAL_MS: z.coerce.number().int().min(50).default(60_000),
  JOBS_LEASE_MS: z.coerce.number().int().min(100).default(120_000),
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  JOBS_PAUSE_AFTER_CLAIM_MS: z.coerce.number().int().min(0).default(0),
})

export interface JobConfig {
  enabled: boolean
  intervalMs: number
  leaseMs: number
  digestHour: number
  pauseAfterClaimMs: number
}

export function readJobConfig(env: Record<string, string | undefined> = process.env): JobConfig {
  const parsed = schema.safeParse(env)
  if (!parsed.success) throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const v = parsed.data
  return { enabled: v.JOBS === '1', intervalMs: v.JOBS_INTERVAL_MS, leaseMs: v.JOBS_LEASE_MS, digestHour: v.DIGEST_HOUR, pauseAfterClaimMs: v.JOBS_PAUSE_AFTER_CLAIM_MS }
}
