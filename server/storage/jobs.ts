import type { Db } from './db.ts'

export type JobState = 'pending' | 'running' | 'done' | 'failed'

export interface JobRow {
  id: string
  kind: string
  key: string
  payload: Record<string, unknown>
  dueAt: string
  state: JobState
  attempts: number
  lockedUntil: string | null
  doneAt: string | null
  lastError: string | null
  createdAt: string
}

const COLUMNS =
  'id, kind, key, payload, due_at AS dueAt, state, attempts, locked_until AS lockedUntil, done_at AS doneAt, last_error AS lastError, created_at AS createdAt'
const toJob = (row: Record<string, unknown> | undefined): JobRow | undefined =>
  row && ({ ...row, payload: JSON.parse(String(row.payload)) } as JobRow)

/**
 * Jobs kept in SQL. A job's `key` is unique, so enqueuing the same reminder
 * twice (two ticks, two processes, a restart) keeps one row. A claim is one
 * UPDATE that takes a due job whose lease is free or expired: a process that
 * died mid-run (kill -9) leaves a lease that expires, and the next claim
 * takes the job again; finishing is `complete`, called inside the same
 * transaction as the job's own effect.
 */
export function createJobRows(db: Db) {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO jobs (id, kind, key, payload, due_at, state, attempts, created_at)
     VALUES (@id, @kind, @key, @payload, @dueAt, 'pending', 0, @createdAt)`,
  )
  const nextDue = db.prepare(
    `SELECT id FROM jobs
      WHERE due_at <= @now AND (state = 'pending' OR (state = 'running' AND locked_until <= @now))
      ORDER BY due_at, id LIMIT 1`,
  )
  const take = db.prepare(
    `UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = @lockedUntil
      WHERE id = @id AND (state = 'pending' OR (state = 'running' AND locked_until <= @now))`,
  )
  const byId = db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`)
  const byKey = db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE key = ?`)
  const complete = db.prepare(`UPDATE jobs SET state = 'done', done_at = ?, locked_until = NULL WHERE id = ? AND state = 'running'`)
  const release = db.prepare(
    `UPDATE jobs SET state = CASE WHEN attempts >= @maxAttempts THEN 'failed' ELSE 'pending' END, locked_until = NULL, last_error = @error, due_at = @retryAt
      WHERE id = @id AND state = 'running'`,
  )
  const ofKind = db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE kind = ? ORDER BY created_at, id`)
  const claim = db.transaction((now: string, lockedUntil: string): JobRow | undefined => {
    const due = nextDue.get({ now }) as { id: string } | undefined
    if (!due) return undefined
    if (take.run({ id: due.id, now, lockedUntil }).changes !== 1) return undefined
    return toJob(byId.get(due.id) as Record<string, unknown>)
  })
  return {
    /** Adds a job unless one with that key exists; true when added. */
    enqueue: (row: { id: string; kind: string; key: string; payload?: Record<string, unknown>; dueAt: string; createdAt: string }): boolean =>
      insert.run({ ...row, payload: JSON.stringify(row.payload ?? {}) }).changes === 1,
    /** Takes the next due job for `leaseMs`, in one transaction; undefined when none is due. */
    claim: (now: Date, leaseMs: number) => claim(now.toISOString(), new Date(now.getTime() + leaseMs).toISOString()),
    /** Marks a claimed job done; call inside the transaction that writes the job's effect. */
    complete: (id: string, at: string): boolean => complete.run(at, id).changes === 1,
    /** Gives a failed run back (retried at `retryAt`), or marks it failed after `maxAttempts`. */
    release: (id: string, error: string, retryAt: string, maxAttempts = 5) => void release.run({ id, error, retryAt, maxAttempts }),
    byKey: (key: string) => toJob(byKey.get(key) as Record<string, unknown> | undefined),
    ofKind: (kind: string) => (ofKind.all(kind) as Record<string, unknown>[]).map((row) => toJob(row)!),
  }
}
export type JobRows = ReturnType<typeof createJobRows>
