import { nanoid } from 'nanoid'
import type { Logger } from '../log.ts'
import type { JobRow, JobRows } from '../domain/stores.ts'

/**
 * Runs one claimed job. The handler does its effect and calls `complete()`
 * inside the same transaction, with that transaction's job rows, so "done"
 * and the effect are one commit: a crash before that commit leaves the job
 * to run again after the lease; a crash after it leaves nothing to redo.
 */
export type JobHandler = (job: JobRow, run: { complete: (rows?: Pick<JobRows, 'complete'>) => Promise<void>; now: Date }) => Promise<void> | void

export interface JobRunnerOptions {
  jobs: JobRows
  handlers: Record<string, JobHandler>
  log: Logger
  /** How long a claim holds before another run may take the job again. */
  leaseMs?: number
  /** Jobs run per tick at most, so one tick never holds the event loop long. */
  maxPerTick?: number
  /** Test-only fault point: wait this long after a claim is committed, before the handler runs. */
  pauseAfterClaimMs?: number
}

export function createJobRunner({ jobs, handlers, log, leaseMs = 120_000, maxPerTick = 50, pauseAfterClaimMs = 0 }: JobRunnerOptions) {
  const enqueue = (kind: string, key: string, dueAt: Date, payload: Record<string, unknown> = {}, now = new Date()): Promise<boolean> =>
    jobs.enqueue({ id: nanoid(12), kind, key, payload, dueAt: dueAt.toISOString(), createdAt: now.toISOString() })

  /** Claims and runs due jobs, one at a time; returns how many ran to completion. */
  async function runDue(now = () => new Date()): Promise<number> {
    let done = 0
    for (let i = 0; i < maxPerTick; i++) {
      const job = await jobs.claim(now(), leaseMs)
      if (!job) break
      log.info('job claimed', { kind: job.kind, id: job.id, attempt: job.attempts })
      if (pauseAfterClaimMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseAfterClaimMs))
      const handler = handlers[job.kind]
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`)
        let completed = false
        const at = now()
        await handler(job, {
          now: at,
          complete: async (rows = jobs) => {
            completed = await rows.complete(job.id, at.toISOString())
          },
        })
        if (!completed) throw new Error('the handler did not complete the job')
        done++
        log.info('job done', { kind: job.kind, id: job.id })
      } catch (error) {
        // Retried later with a growing delay; given up after a few attempts (kept as failed, visible in SQL).
        const retryAt = new Date(now().getTime() + Math.min(3_600_000, 30_000 * 2 ** job.attempts)).toISOString()
        await jobs.release(job.id, (error as Error).message.slice(0, 300), retryAt)
        log.warn('job failed', { kind: job.kind, id: job.id, attempt: job.attempts, error: (error as Error).message.slice(0, 200) })
      }
    }
    return done
  }
  return { enqueue, runDue }
}
export type JobRunner = ReturnType<typeof createJobRunner>
