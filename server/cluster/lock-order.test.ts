import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { sql } from 'kysely'
import { createLogger } from '../log.ts'
import { openPostgres, type PostgresDb } from '../storage/postgres/connect.ts'
import { createPostgresDocumentStore } from '../storage/postgres/document-store.ts'
import { migratePostgres } from '../storage/postgres/migrate.ts'
import { createTestDatabase } from '../storage/postgres/test-database.ts'
import { createOwnership } from './ownership.ts'
import { keyOf } from '../../test/helpers/document-key.ts'

let scratch: Awaited<ReturnType<typeof createTestDatabase>>
let db: PostgresDb

beforeAll(async () => {
  scratch = await createTestDatabase()
  db = openPostgres({ connectionString: scratch.url, maxConnections: 4 })
  await migratePostgres(db)
})
afterAll(async () => {
  await db?.destroy()
  await scratch?.drop()
})

describe('owner row locks', () => {
  it('are taken by a batch of appends in situation id order, the order a renewal takes them in', async () => {
    const ownership = createOwnership({ db, nodeId: 'node-o', leaseTtlMs: 60_000 })
    const store = createPostgresDocumentStore({ db, fence: ownership })
    for (const id of ['order-a', 'order-m', 'order-z']) await ownership.acquire(id)
    // A renewal in progress: it has locked order-m and will lock order-z next.
    const renewal = new pg.Client({ connectionString: scratch.url })
    await renewal.connect()
    try {
      await renewal.query('BEGIN')
      await renewal.query(`SELECT 1 FROM situation_owners WHERE situation_id = 'order-m' FOR NO KEY UPDATE`)
      // One batch, called in the order z, a, m: it must lock a, then wait on m, holding nothing after m.
      const appends = ['order-z', 'order-a', 'order-m'].map((id) => store.append(keyOf(`${id}/plan`), new Uint8Array([1])))
      for (let waited = 0; ; waited += 10) {
        const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`.execute(db)
        if (rows[0]!.n > 0) break
        if (waited > 5_000) throw new Error('the batch never waited on the locked owner row')
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      // Locked out of order by the batch, order-z would now deadlock the two (and PostgreSQL would abort one).
      await renewal.query(`SET lock_timeout = '2s'`)
      await renewal.query(`SELECT 1 FROM situation_owners WHERE situation_id = 'order-z' FOR NO KEY UPDATE`)
      await renewal.query('COMMIT')
      expect((await Promise.allSettled(appends)).map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled'])
    } finally {
      await renewal.end()
      await ownership.close()
    }
  })

  it('never deadlock a batch of appends across situations against the renewal of the same situations', async () => {
    const warnings: string[] = []
    const log = createLogger({ level: 'warn', write: (line) => void warnings.push(line) })
    // Renewing all the time, so renewals and batches keep meeting on the same owner rows.
    const ownership = createOwnership({ db, nodeId: 'node-a', leaseTtlMs: 5_000, renewEveryMs: 1, log })
    const store = createPostgresDocumentStore({ db, fence: ownership })
    // Reverse alphabetical order of acquisition and of appends, against the renewal's scan.
    const situations = Array.from({ length: 40 }, (_, i) => `lock${String(40 - i).padStart(2, '0')}`)
    for (const id of situations) await ownership.acquire(id)
    const appends: Promise<number>[] = []
    for (let round = 0; round < 60; round++) {
      for (const id of round % 2 ? situations : [...situations].reverse()) appends.push(store.append(keyOf(`${id}/plan`), new Uint8Array([round])))
      await new Promise((resolve) => setImmediate(resolve))
    }
    const results = await Promise.allSettled(appends)
    await ownership.close()
    const failures = results.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason))
    expect(failures.slice(0, 3)).toEqual([])
    expect(warnings.filter((line) => /deadlock/i.test(line))).toEqual([])
  })
})
