import type { Logger } from '../../log.ts'
import type { Db } from '../db.ts'
import type { SqlDb } from './schema.ts'
import { sqliteSql } from './sqlite.ts'

export type SqlEngineOptions =
  | { engine: 'sqlite'; db: Db }
  | { engine: 'postgres'; connectionString: string; applicationName?: string; log?: Logger }

/**
 * The one data layer's handle (docs/decisions/018): on SQLite, Kysely over
 * the server's own better-sqlite3 connection (migrated by openDatabase); on
 * PostgreSQL, a pool from DATABASE_URL with the whole schema migrated. pg is
 * loaded only for PostgreSQL: a single node on SQLite never loads it.
 *
 * Close a PostgreSQL handle with `destroy()`; on SQLite `destroy()` leaves
 * the connection open (main.ts closes it).
 * @example const sql = await openSqlDatabase({ engine: 'postgres', connectionString: config.databaseUrl! })
 */
export async function openSqlDatabase(options: SqlEngineOptions): Promise<SqlDb> {
  if (options.engine === 'sqlite') return sqliteSql(options.db)
  const { openPostgresSql } = await import('./postgres.ts')
  return openPostgresSql(options)
}

export type { Database, SqlDb } from './schema.ts'
export { sqliteSql } from './sqlite.ts'
