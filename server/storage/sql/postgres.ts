import { sql, type Kysely } from 'kysely'
import type { Logger } from '../../log.ts'
import { MIGRATIONS } from '../migrations/index.ts'
import { openPostgres } from '../postgres/connect.ts'
import { POSTGRES_PRELUDE, toPostgres } from '../postgres/dialect.ts'
import type { SqlDb } from './schema.ts'

/** Any number, the same on every node: the advisory lock that serialises nodes migrating at once. */
const MIGRATION_LOCK = 218_021

/**
 * The document log, its snapshots and its quarantine have their own
 * PostgreSQL migrations (server/storage/postgres/migrations: the same
 * columns plus the situation the fence checks), applied by the cluster node.
 * Their SQLite statements are left out here so that the two never collide,
 * whichever runs first.
 */
const DOCUMENT_LOG = /CREATE (?:TABLE doc_(?:updates|snapshots|quarantine) \([\s\S]*?\);|INDEX doc_\w+ ON doc_(?:updates|snapshots|quarantine)\([^)]*\);)/g

/**
 * Statements PostgreSQL needs while some tables still live in SQLite, run at
 * every start (idempotent). sessions.user_id references users, whose rows
 * are still written to the SQLite file: the constraint goes until users
 * move, when a migration adds it back (docs/decisions/018).
 */
const WHILE_SPLIT = [
  'ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_user_id_fkey',
  // The rights' rows (situations, members, requests) name accounts too: the same until users move
  // (requests was rebuilt by migration 014, its constraints keep that table's name).
  'ALTER TABLE situations DROP CONSTRAINT IF EXISTS situations_created_by_fkey',
  'ALTER TABLE members DROP CONSTRAINT IF EXISTS members_user_id_fkey',
  'ALTER TABLE requests DROP CONSTRAINT IF EXISTS requests_014_created_by_fkey',
  'ALTER TABLE requests DROP CONSTRAINT IF EXISTS requests_014_requester_user_id_fkey',
  'ALTER TABLE requests DROP CONSTRAINT IF EXISTS requests_014_decided_by_fkey',
  // And services, whose rows are still written to the SQLite file too.
  'ALTER TABLE requests DROP CONSTRAINT IF EXISTS requests_014_service_id_fkey',
  'ALTER TABLE situations DROP CONSTRAINT IF EXISTS situations_service_id_fkey',
]

export interface PostgresSqlOptions {
  connectionString: string
  applicationName?: string
  log?: Logger
}

/**
 * Kysely over a pg pool (bigint read back as numbers, connect.ts) with every
 * table of the SQLite migrations created, translated by dialect.ts.
 * @example const sql = await openPostgresSql({ connectionString: process.env.DATABASE_URL! })
 */
export async function openPostgresSql({ connectionString, applicationName = 'concerto', log }: PostgresSqlOptions): Promise<SqlDb> {
  // The pool's settings are the document store's; only the table types differ.
  const db = openPostgres({ connectionString, applicationName, log }) as unknown as SqlDb
  try {
    await migrate(db as unknown as Kysely<unknown>)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return db
}

/**
 * The SQLite migrations in order, each recorded in schema_migrations as
 * SQLite records them; all pending ones in one transaction (PostgreSQL's DDL
 * is transactional) under an advisory lock, so nodes starting together
 * apply each once.
 */
async function migrate(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx)
    await sql.raw(POSTGRES_PRELUDE).execute(trx)
    await sql
      .raw(toPostgres('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)'))
      .execute(trx)
    const { rows } = await sql<{ id: number }>`SELECT id FROM schema_migrations`.execute(trx)
    const applied = new Set(rows.map((row) => Number(row.id)))
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.id)) continue
      try {
        await sql.raw(toPostgres(migration.sql.replace(DOCUMENT_LOG, ''))).execute(trx)
      } catch (error) {
        throw new Error(`migration ${migration.id} (${migration.name}) failed on PostgreSQL: ${(error as Error).message}`, { cause: error })
      }
      await sql`INSERT INTO schema_migrations (id, name, applied_at) VALUES (${migration.id}, ${migration.name}, ${new Date().toISOString()})`.execute(trx)
    }
    for (const statement of WHILE_SPLIT) await sql.raw(statement).execute(trx)
  })
}
