import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase } from '../db.ts'
import { createTestDatabase } from '../postgres/test-database.ts'
import { openSqlDatabase } from './open.ts'
import type { SqlDb } from './schema.ts'

/** One engine under test: its handle, a second node's handle on the same data, and the cleanup. */
export interface TestEngine {
  sql: SqlDb
  /** Another handle on the same database (on PostgreSQL, another pool: a second node). */
  open(): Promise<SqlDb>
  close(): Promise<void>
}

/**
 * The engines a data-layer test runs on, for `describe.each`: a fresh
 * SQLite file (the server's connection, migrated by openDatabase) and a
 * scratch PostgreSQL database (migrated by openSqlDatabase), dropped after.
 * @example describe.each(TEST_ENGINES)('on %s', (_name, start) => { ... })
 */
export const TEST_ENGINES: [name: 'sqlite' | 'postgres', start: () => Promise<TestEngine>][] = [
  [
    'sqlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'concerto-sql-'))
      const db = openDatabase({ dataDir: dir })
      return {
        sql: await openSqlDatabase({ engine: 'sqlite', db }),
        open: () => openSqlDatabase({ engine: 'sqlite', db }),
        async close() {
          db.close()
          rmSync(dir, { recursive: true, force: true })
        },
      }
    },
  ],
  [
    'postgres',
    async () => {
      const scratch = await createTestDatabase()
      const handles: SqlDb[] = []
      const open = async () => {
        const handle = await openSqlDatabase({ engine: 'postgres', connectionString: scratch.url })
        handles.push(handle)
        return handle
      }
      return {
        sql: await open(),
        open,
        async close() {
          await Promise.all(handles.map((handle) => handle.destroy()))
          await scratch.drop()
        },
      }
    },
  ],
]

/** A bare account row for row tests of other tables (their foreign keys), in the SQL both engines share. */
export async function insertUser(db: SqlDb, id: string): Promise<void> {
  await sql`INSERT INTO users (id, name, created_at) VALUES (${id}, ${id}, ${new Date().toISOString()})`.execute(db)
}
