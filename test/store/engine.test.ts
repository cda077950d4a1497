import Database from 'better-sqlite3'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { login } from '../helpers/clients.ts'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { serverStoreEnv, TEST_STORE } from '../helpers/test-store.ts'

let server: SpawnedServer | undefined
afterAll(async () => {
  await server?.stop()
  server?.dispose()
})

const sqliteSessions = (dataDir: string) => {
  const db = new Database(join(dataDir, 'concerto.sqlite'), { readonly: true })
  try {
    return db.prepare('SELECT count(*) FROM sessions').pluck().get() as number
  } finally {
    db.close()
  }
}

const postgresSessions = async (url: string) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM sessions')).rows[0]!.n)
  } finally {
    await client.end()
  }
}

describe(`the test run's engine (${TEST_STORE})`, () => {
  it('keeps a spawned server’s rows where the project says: its SQLite file, or its PostgreSQL database as a cluster node', async () => {
    server = await startServer()
    await login(server.url, 'coordination@demo.test')
    if (TEST_STORE === 'sqlite') {
      expect(sqliteSessions(server.dataDir)).toBe(1)
      return
    }
    const { DATABASE_URL } = await serverStoreEnv(server.dataDir)
    expect(await postgresSessions(DATABASE_URL!)).toBe(1)
    expect(sqliteSessions(server.dataDir)).toBe(0)
    // Served as a cluster node: the demo's situations were claimed in PostgreSQL when their documents were seeded.
    const client = new pg.Client({ connectionString: DATABASE_URL })
    await client.connect()
    try {
      expect(Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM situation_owners')).rows[0]!.n)).toBeGreaterThan(0)
    } finally {
      await client.end()
    }
  })
})
