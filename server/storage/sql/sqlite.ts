import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely'
import type { Db } from '../db.ts'
import type { Database, SqlDb } from './schema.ts'

/** Prepared statements kept per SQL text; Kysely's text for one query shape never changes. */
const STATEMENT_CACHE_SIZE = 256

/**
 * Kysely over the better-sqlite3 connection the rest of the server uses, not
 * a second one: one WAL, one writer, and every synchronous row access sees
 * what Kysely wrote at once. Kysely's SqliteDialect takes an existing
 * `Database`; it is handed a view whose `close` does nothing, because the
 * connection belongs to main.ts (Kysely's `destroy` would close it), and
 * whose `prepare` reuses statements (Kysely prepares on every query).
 *
 * Transactions (`sql.transaction().execute(…)`) hold the one connection
 * through Kysely's mutex, so other data-layer queries wait for them. Their
 * body should await only its own queries (on SQLite those resolve within
 * the same turn of the event loop); the document log, still synchronous on
 * this connection, waits for an open transaction to end rather than join it
 * (storage/updates.ts), so a rollback never takes a broadcast update with it.
 *
 * @example const sql = sqliteSql(openDatabase({ dataDir }))
 */
export function sqliteSql(db: Db): SqlDb {
  const statements = new Map<string, SqliteStatement>()
  const shared: SqliteDatabase = {
    close() {},
    prepare(text) {
      let statement = statements.get(text)
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear()
        statement = db.prepare(text)
        statements.set(text, statement)
      }
      return statement
    },
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: shared }) })
}
