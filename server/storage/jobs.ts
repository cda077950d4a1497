import { PostgresAdapter } from 'kysely'
import type { SqlDb } from './sql/schema.ts'

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

const COLUMNS = [
  'id',
  'kind',
  'key',
  'payload',
  'due_at as dueAt',
  'state',
  'attempts',
  'locked_until as lockedUntil',
  'done_at as doneAt',
  'last_error as lastError',
  'created_at as createdAt',
] as const

type Stored = Omit<JobRow, 'payload' | 'state'> & { payload: string; state: string }
const toJob = (row: Stored): JobRow => ({ ...row, state: row.state as JobState, payload: JSON.parse(row.payload) as Record<string, unknown> })

/**
 * Jobs kept in SQL. A job's `key` is unique, so enqueuing the same reminder
 * twice (two ticks, two nodes, a restart) keeps one row. A claim is one
 * UPDATE … RETURNING that takes a due job whose lease is free or expired: a
 * process that died mid-run (kill -9) leaves a lease that expires, and the
 * next claim takes the job again; finishing is `complete`, called inside the
 * same transaction as the job's own effect (on that transaction's handle).
 */
export function createJobRows(sql: SqlDb) {
  const select = () => sql.selectFrom('jobs').select(COLUMNS)
  // On PostgreSQL two nodes claim at once: the due job another node is taking
  // (row locked by its UPDATE) is skipped rather than waited for, so each
  // claims a different job instead of the second finding its pick taken. SQLite
  // has one writer per file and no row locks (nor this syntax).
  const skipLocked = sql.getExecutor().adapter instanceof PostgresAdapter
  const claimable = (now: string) =>
    sql
      .selectFrom('jobs')
      .select('id')
      .where('due_at', '<=', now)
      .where((eb) => eb.or([eb('state', '=', 'pending'), eb.and([eb('state', '=', 'running'), eb('locked_until', '<=', now)])]))
      .orderBy('due_at')
      .orderBy('id')
      .limit(1)
      .$if(skipLocked, (qb) => qb.forUpdate().skipLocked())
  return {
    /** Adds a job unless one with that key exists; true when added. */
    async enqueue(row: { id: string; kind: string; key: string; payload?: Record<string, unknown>; dueAt: string; createdAt: string }): Promise<boolean> {
      const result = await sql
        .insertInto('jobs')
        .values({ id: row.id, kind: row.kind, key: row.key, payload: JSON.stringify(row.payload ?? {}), due_at: row.dueAt, state: 'pending', attempts: 0, created_at: row.createdAt })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
    },
    /**
     * Takes the next due job for `leaseMs`, in one statement; undefined when none is due.
     * The state is checked again by the UPDATE itself, so a job is never taken twice.
     */
    async claim(now: Date, leaseMs: number): Promise<JobRow | undefined> {
      const at = now.toISOString()
      const row = await sql
        .updateTable('jobs')
        .set((eb) => ({ state: 'running', attempts: eb('attempts', '+', 1), locked_until: new Date(now.getTime() + leaseMs).toISOString() }))
        .where('id', '=', claimable(at))
        .where((eb) => eb.or([eb('state', '=', 'pending'), eb.and([eb('state', '=', 'running'), eb('locked_until', '<=', at)])]))
        .returning(COLUMNS)
        .executeTakeFirst()
      return row ? toJob(row) : undefined
    },
    /** Marks a claimed job done; call on the transaction that writes the job's effect. */
    async complete(id: string, at: string): Promise<boolean> {
      const result = await sql.updateTable('jobs').set({ state: 'done', done_at: at, locked_until: null }).where('id', '=', id).where('state', '=', 'running').executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    /** Gives a failed run back (retried at `retryAt`), or marks it failed after `maxAttempts`. */
    async release(id: string, error: string, retryAt: string, maxAttempts = 5): Promise<void> {
      await sql
        .updateTable('jobs')
        .set((eb) => ({
          state: eb.case().when('attempts', '>=', maxAttempts).then('failed').else('pending').end(),
          locked_until: null,
          last_error: error,
          due_at: retryAt,
        }))
        .where('id', '=', id)
        .where('state', '=', 'running')
        .execute()
    },
    async byKey(key: string): Promise<JobRow | undefined> {
      const row = await select().where('key', '=', key).executeTakeFirst()
      return row ? toJob(row) : undefined
    },
    async ofKind(kind: string): Promise<JobRow[]> {
      const rows = await select().where('kind', '=', kind).orderBy('created_at').orderBy('id').execute()
      return rows.map(toJob)
    },
  }
}
export type JobRows = ReturnType<typeof createJobRows>
