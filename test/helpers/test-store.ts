import Database from 'better-sqlite3'
import { basename, join } from 'node:path'
import type { Db } from '../../server/storage/db.ts'
import { createTestDatabase } from '../../server/storage/postgres/test-database.ts'
import { openSqlDatabase, sqliteSql, type SqlDb } from '../../server/storage/sql/open.ts'

/**
 * Which engine the data layer of this test run uses (issue 21: the whole
 * suite runs on both). The `postgres` project of vite.config.ts sets
 * CONCERTO_TEST_STORE=postgres; the default project runs on SQLite.
 */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.CONCERTO_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite'

/** A test app's data layer: its handle, closed when the app stops (the data stays for a restart on the same folder). */
export interface TestSql {
  sql: SqlDb
  close(): Promise<void>
}

const scratchByDataDir = new Map<string, Promise<{ url: string; drop: () => Promise<void> }>>()

/** One scratch PostgreSQL database per data folder: a server stopped and started again on the folder finds its rows. */
function scratchFor(dataDir: string) {
  let scratch = scratchByDataDir.get(dataDir)
  if (!scratch) {
    scratch = createTestDatabase()
    scratchByDataDir.set(dataDir, scratch)
  }
  return scratch
}

/**
 * The data layer for an app built in the test's own process: Kysely over the
 * app's SQLite file, or the folder's scratch PostgreSQL database. The
 * documents stay in the SQLite file either way: on PostgreSQL they are the
 * cluster node's, tested with the spawned servers (serverStoreEnv) and
 * test/cluster.
 * @example const store = await openTestSql(db, dir); createApp({ config, db, log, sql: store.sql })
 */
export async function openTestSql(db: Db, dataDir: string): Promise<TestSql> {
  if (TEST_STORE === 'sqlite') return { sql: sqliteSql(db), close: async () => {} }
  const sql = await openSqlDatabase({ engine: 'postgres', connectionString: (await scratchFor(dataDir)).url })
  return { sql, close: () => sql.destroy() }
}

/**
 * The environment a spawned server (test/helpers/server.ts) gets for this
 * run's engine. On PostgreSQL the server runs as it would in production with
 * STORE=postgres: a cluster node, documents and rows in the folder's scratch
 * database. Its node id is the folder's name: a restarted server is the same
 * node and takes its situations back at once instead of waiting for its old
 * lease to lapse.
 */
export async function serverStoreEnv(dataDir: string): Promise<Record<string, string>> {
  if (TEST_STORE === 'sqlite') return {}
  return { STORE: 'postgres', DATABASE_URL: (await scratchFor(dataDir)).url, NODE_ID: `test-${basename(dataDir)}`.slice(0, 64) }
}

/** Drops the scratch database of a data folder, if this run made one (with the folder, at dispose). */
export async function dropTestStore(dataDir: string): Promise<void> {
  const scratch = scratchByDataDir.get(dataDir)
  if (!scratch) return
  scratchByDataDir.delete(dataDir)
  await (await scratch).drop()
}

/**
 * Runs `work` on a spawned server's rows while it is stopped, wherever this
 * run keeps them: its SQLite file, or its PostgreSQL database.
 * @example await withServerRows(server.dataDir, (db) => sql`UPDATE members SET …`.execute(db))
 */
export async function withServerRows<T>(dataDir: string, work: (db: SqlDb) => Promise<T>): Promise<T> {
  if (TEST_STORE === 'postgres') {
    const db = await openSqlDatabase({ engine: 'postgres', connectionString: (await scratchFor(dataDir)).url })
    try {
      return await work(db)
    } finally {
      await db.destroy()
    }
  }
  const file = new Database(join(dataDir, 'concerto.sqlite'))
  try {
    return await work(sqliteSql(file))
  } finally {
    file.close()
  }
}
