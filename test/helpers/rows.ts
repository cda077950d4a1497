import { sql, type RawBuilder } from 'kysely'
import type { SqlDb } from '../../server/storage/sql/open.ts'

/**
 * The rows of a query on an app's data layer, for tests that look at stored
 * rows directly: SQLite or PostgreSQL as the run's project says
 * (test/helpers/test-store.ts). Written with kysely's `sql` tag, so values
 * are parameters on both engines.
 * @example const [row] = await rowsOf(app.sql, sql`SELECT archived_at FROM situations WHERE id = ${id}`)
 */
export async function rowsOf<R>(db: SqlDb, query: RawBuilder<unknown>): Promise<R[]> {
  return (await (query as RawBuilder<R>).execute(db)).rows
}

/** One number (a count), read as a number on both engines. */
export async function countOf(db: SqlDb, query: RawBuilder<unknown>): Promise<number> {
  const [row] = await rowsOf<Record<string, unknown>>(db, query)
  return Number(Object.values(row ?? {})[0])
}

export { sql }
