import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../db.ts'
import { MIGRATIONS } from '../migrations/index.ts'
import { openPostgres } from '../postgres/connect.ts'
import { migratePostgres } from '../postgres/migrate.ts'
import { createTestDatabase } from '../postgres/test-database.ts'
import { openSqlDatabase } from './open.ts'

describe('the data layer on SQLite', () => {
  let dir: string
  let db: Db
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'concerto-sql-open-'))
    db = openDatabase({ dataDir: dir })
    db.prepare(`INSERT INTO users (id, name, created_at) VALUES ('u1', 'U', '2026-12-03')`).run()
  })
  afterAll(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes through the server’s own connection: the synchronous code sees the row at once', async () => {
    const handle = await openSqlDatabase({ engine: 'sqlite', db })
    await handle.insertInto('sessions').values({ id: 's1', secret_hash: Buffer.alloc(32), user_id: 'u1', created_at: 1, last_verified_at: 1, shared_device: 0, address: null, user_agent: null }).execute()
    expect(db.prepare('SELECT user_id FROM sessions WHERE id = ?').pluck().get('s1')).toBe('u1')
  })

  it('leaves the connection open when a handle is destroyed: it belongs to main.ts', async () => {
    const handle = await openSqlDatabase({ engine: 'sqlite', db })
    await handle.destroy()
    expect(db.open).toBe(true)
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(1)
  })
})

describe('the data layer on PostgreSQL', () => {
  const scratches: { url: string; drop: () => Promise<void> }[] = []
  const scratch = async () => {
    const created = await createTestDatabase()
    scratches.push(created)
    return created.url
  }
  afterAll(async () => {
    for (const created of scratches) await created.drop()
  })

  const tables = async (url: string) => {
    const admin = openPostgres({ connectionString: url, maxConnections: 1 })
    try {
      const { rows } = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`.execute(admin)
      return rows.map((row) => row.name)
    } finally {
      await admin.destroy()
    }
  }

  it('creates every table of the SQLite migrations and records each migration once, even with two nodes starting together', async () => {
    const url = await scratch()
    const [a, b] = await Promise.all([openSqlDatabase({ engine: 'postgres', connectionString: url }), openSqlDatabase({ engine: 'postgres', connectionString: url })])
    const recorded = await sql<{ id: number; name: string }>`SELECT id, name FROM schema_migrations ORDER BY id`.execute(a)
    expect(recorded.rows).toEqual(MIGRATIONS.map(({ id, name }) => ({ id, name })))
    await Promise.all([a.destroy(), b.destroy()])

    const dir = mkdtempSync(join(tmpdir(), 'concerto-sql-tables-'))
    const sqlite = openDatabase({ dataDir: dir })
    const sqliteTables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]
    sqlite.close()
    rmSync(dir, { recursive: true, force: true })
    // The document log's tables come from the cluster's own migrations (with the situation the fence checks).
    const expected = sqliteTables.filter((name) => !name.startsWith('doc_')).sort()
    expect(await tables(url)).toEqual(expected)
  })

  it('lives beside the cluster’s document tables whichever is migrated first', async () => {
    for (const clusterFirst of [true, false]) {
      const url = await scratch()
      const cluster = openPostgres({ connectionString: url })
      if (clusterFirst) await migratePostgres(cluster)
      const handle = await openSqlDatabase({ engine: 'postgres', connectionString: url })
      if (!clusterFirst) await migratePostgres(cluster)
      const names = await tables(url)
      expect(names).toEqual(expect.arrayContaining(['doc_updates', 'doc_snapshots', 'doc_quarantine', 'situation_owners', 'sessions', 'users', 'schema_migrations']))
      const { rows } = await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns WHERE table_name = 'doc_updates' AND column_name = 'situation_id'`.execute(handle)
      expect(rows).toHaveLength(1)
      await Promise.all([cluster.destroy(), handle.destroy()])
    }
  })

  it('opens an already migrated database without applying anything again', async () => {
    const url = await scratch()
    await (await openSqlDatabase({ engine: 'postgres', connectionString: url })).destroy()
    const again = await openSqlDatabase({ engine: 'postgres', connectionString: url })
    const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM schema_migrations`.execute(again)
    expect(rows[0]!.count).toBe(MIGRATIONS.length)
    await again.destroy()
  })
})
