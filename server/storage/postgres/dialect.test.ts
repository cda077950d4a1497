import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../db.ts'
import { MIGRATIONS } from '../migrations/index.ts'
import { POSTGRES_PRELUDE, toPostgres } from './dialect.ts'

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const dbName = `concerto_dialect_${randomBytes(4).toString('hex')}`
let client: pg.Client
let sqlite: Db
let dataDir: string

/** Column type families the two engines must agree on. */
const family = (type: string): string => {
  const t = type.toLowerCase()
  if (t === 'text' || t === 'citext') return 'text'
  if (t === 'integer' || t === 'bigint') return 'integer'
  if (t === 'blob' || t === 'bytea') return 'bytes'
  return t
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${dbName}`)
  await admin.end()
  client = new pg.Client({ connectionString: ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`) })
  await client.connect()
  dataDir = mkdtempSync(join(tmpdir(), 'concerto-dialect-'))
  sqlite = openDatabase({ dataDir })
})

afterAll(async () => {
  await client?.end()
  sqlite?.close()
  rmSync(dataDir, { recursive: true, force: true })
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
  await admin.end()
})

describe('the SQLite migrations turned into PostgreSQL', () => {
  it('apply one by one to an empty PostgreSQL database', async () => {
    await client.query(POSTGRES_PRELUDE)
    for (const migration of MIGRATIONS) {
      await client.query('BEGIN')
      try {
        await client.query(toPostgres(migration.sql))
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw new Error(`migration ${migration.id} (${migration.name}) does not run on PostgreSQL: ${(error as Error).message}`)
      }
    }
  })

  it('give every table the same columns, types and nullability on both engines', async () => {
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'")
      .pluck()
      .all() as string[]
    const fromSqlite = tables.flatMap((table) =>
      (sqlite.pragma(`table_xinfo(${table})`) as { name: string; type: string; notnull: number; pk: number }[]).map(
        (column) => `${table}.${column.name} ${family(column.type)} ${column.notnull || column.pk ? 'not null' : 'null'}`,
      ),
    )
    const { rows } = await client.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
    )
    const pgType = (udt: string) => (udt === 'int8' || udt === 'int4' ? 'integer' : udt === 'bytea' ? 'bytea' : udt)
    const fromPostgres = rows.map(
      (row) => `${row.table_name}.${row.column_name} ${family(pgType(row.udt_name))} ${row.is_nullable === 'NO' ? 'not null' : 'null'}`,
    )
    expect(fromPostgres.sort()).toEqual(fromSqlite.sort())
  })

  it('compares e-mail addresses without case on PostgreSQL, as SQLite does', async () => {
    await client.query(`INSERT INTO users (id, email, name, created_at) VALUES ('u1', 'Marie@Example.test', 'Marie', '2026-12-03')`)
    const { rows } = await client.query(`SELECT id FROM users WHERE email = 'marie@example.test'`)
    expect(rows).toEqual([{ id: 'u1' }])
    await expect(client.query(`INSERT INTO users (id, email, name, created_at) VALUES ('u2', 'MARIE@example.test', 'M', '2026-12-03')`)).rejects.toThrow(/unique/i)
  })

  it('computes the departement of a commune the same way on both engines', async () => {
    await client.query(`INSERT INTO situations (id, title, kind, created_at, territory) VALUES ('s1', 'T', 'pag', '2026-12-03', '97411'), ('s2', 'T', 'pps', '2026-12-03', '33063')`)
    const { rows } = await client.query(`SELECT id, departement FROM situations ORDER BY id`)
    expect(rows).toEqual([
      { id: 's1', departement: '974' },
      { id: 's2', departement: '33' },
    ])
  })

  it('writes the current instant as the same ISO text on PostgreSQL as SQLite', async () => {
    const now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
    const fromSqlite = sqlite.prepare(`SELECT ${now}`).pluck().get() as string
    const { rows } = await client.query<{ at: string }>(`SELECT ${toPostgres(now)} AS at`)
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
    expect(fromSqlite).toMatch(iso)
    expect(rows[0]!.at).toMatch(iso)
    expect(Math.abs(Date.parse(rows[0]!.at) - Date.parse(fromSqlite))).toBeLessThan(60_000)
  })
})
