import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type ConcertoApp } from './app.ts'
import { readConfig } from './config.ts'
import { silentLogger } from './log.ts'
import { seedDemo } from './seed/demo.ts'
import { openDatabase } from './storage/db.ts'
import { openPostgres } from './storage/postgres/connect.ts'
import { createTestDatabase } from './storage/postgres/test-database.ts'
import { openSqlDatabase, type SqlDb } from './storage/sql/open.ts'

/**
 * Two nodes as STORE=postgres builds them (main.ts): every row in one
 * PostgreSQL, each node its own (unused for rows) SQLite file. The demo is
 * seeded once, through the first node.
 */
describe('a session shared by two nodes on one PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createTestDatabase>>
  const nodes: { app: ConcertoApp; sql: SqlDb; close(): Promise<void> }[] = []

  beforeAll(async () => {
    scratch = await createTestDatabase()
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'concerto-node-'))
      const db = openDatabase({ dataDir: dir })
      const sql = await openSqlDatabase({ engine: 'postgres', connectionString: scratch.url })
      const app = createApp({ config: readConfig({ DATA_DIR: dir, UNLOAD_DELAY_MS: '0' }), db, log: silentLogger(), sql })
      if (i === 0) await seedDemo(app)
      nodes.push({
        app,
        sql,
        async close() {
          await app.rooms.shutdown()
          await sql.destroy()
          db.close()
          rmSync(dir, { recursive: true, force: true })
        },
      })
    }
  })
  afterAll(async () => {
    for (const node of nodes) await node.close()
    await scratch?.drop()
  })

  const me = (node: number, cookie: string) => nodes[node]!.app.app.request('/api/me', { headers: { cookie } })

  it('logs in on one node, is known on the other, and a logout there ends it on both', async () => {
    const login = await nodes[0]!.app.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'medecin@demo.test', password: 'concerto-demo' }),
    })
    expect(login.status).toBe(200)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    expect((await me(1, cookie)).status).toBe(200)
    expect(await (await me(1, cookie)).json()).toMatchObject({ id: 'user-medecin' })
    // The row is in PostgreSQL, not in either node's file; so is the account (node 1 never seeded).
    expect(nodes[0]!.app.db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0)

    expect((await nodes[1]!.app.app.request('/api/auth/logout', { method: 'POST', headers: { cookie } })).status).toBe(204)
    expect((await me(0, cookie)).status).toBe(401)
    expect((await me(1, cookie)).status).toBe(401)
  })
})

describe('a node whose session store is unreachable', () => {
  it('answers a request with a session cookie 503 with Retry-After, retryable, and one without a cookie as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concerto-node-'))
    const db = openDatabase({ dataDir: dir })
    // Nothing listens on port 1: every query fails at once, as when PostgreSQL is cut.
    const sql = openPostgres({ connectionString: 'postgres://postgres@127.0.0.1:1/none', maxConnections: 1 }) as unknown as SqlDb
    const app = createApp({ config: readConfig({ DATA_DIR: dir, UNLOAD_DELAY_MS: '0' }), db, log: silentLogger(), sql })
    try {
      const withCookie = await app.app.request('/api/me', { headers: { cookie: 'concerto_session=abc.def' } })
      expect(withCookie.status).toBe(503)
      expect(withCookie.headers.get('retry-after')).toBe('5')
      expect((await app.app.request('/api/me')).status).toBe(401)
    } finally {
      await app.rooms.shutdown()
      await sql.destroy()
      db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
