import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { MIGRATIONS } from './migrations/index.ts'

export type Db = Database.Database
export type Durability = 'process' | 'full'

export interface OpenDatabaseOptions {
  dataDir: string
  /** `process` survives kill -9 (WAL, synchronous=NORMAL); `full` survives power loss (synchronous=FULL). */
  durability?: Durability
  fileName?: string
}

export class StorageOpenError extends Error {
  override name = 'StorageOpenError'
}

/**
 * Opens the SQLite file in WAL mode and applies pending migrations.
 * @example const db = openDatabase({ dataDir: './data' })
 */
export function openDatabase({ dataDir, durability = 'process', fileName = 'concerto.sqlite' }: OpenDatabaseOptions): Db {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, fileName)
  let db: Db
  try {
    db = new Database(file)
    db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`)
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new StorageOpenError(`database integrity check failed: ${String(check)}`)
    migrate(db)
  } catch (error) {
    // A damaged file must stop the start with a clear message, not a stack in a crash loop.
    if (error instanceof StorageOpenError) throw error
    throw new StorageOpenError(`cannot open the database at ${file}: ${(error as Error).message}`, { cause: error })
  }
  return db
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
  const applied = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as number[])
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(
        migration.id,
        migration.name,
        new Date().toISOString(),
      )
    })()
  }
}
