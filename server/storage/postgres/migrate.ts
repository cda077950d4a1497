import { Migrator, type Migration } from 'kysely'
import type { PostgresDb } from './connect.ts'
import * as documents from './migrations/001-documents.ts'
import * as situationOwners from './migrations/002-situation-owners.ts'

/** In order; a shipped migration is never edited, a change is a new one. */
const migrations: Record<string, Migration> = {
  '001-documents': documents,
  '002-situation-owners': situationOwners,
}

/**
 * Brings the schema up to date. Safe when several nodes start at once:
 * Kysely's migrator takes a PostgreSQL advisory lock around the run.
 * @example await migratePostgres(db)
 */
export async function migratePostgres(db: PostgresDb): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'concerto_migration',
    migrationLockTableName: 'concerto_migration_lock',
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName
    throw new Error(`PostgreSQL migration ${failed ?? '(setup)'} failed: ${(error as Error).message}`, { cause: error })
  }
}
