import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import * as Y from 'yjs'
import { persistExtension } from '../../extensions/persist.ts'
import { silentLogger } from '../../log.ts'
import { openPostgres, type PostgresDb } from './connect.ts'
import { createPostgresDocumentStore } from './document-store.ts'
import { FencedError, type Claim } from './fence.ts'
import { migratePostgres } from './migrate.ts'
import { createTestDatabase } from './test-database.ts'
import { keyOf } from '../../../test/helpers/document-key.ts'

let scratch: Awaited<ReturnType<typeof createTestDatabase>>
let db: PostgresDb
let counter = 0
/** A document of its own situation for each test, so tests share one database without seeing each other. */
const freshDoc = (part = 'plan') => `s${Date.now().toString(36)}${counter++}/${part}`

beforeAll(async () => {
  scratch = await createTestDatabase()
  db = openPostgres({ connectionString: scratch.url, maxConnections: 4 })
  await migratePostgres(db)
  // A second run is a no-op (several nodes start at once and all migrate).
  await migratePostgres(db)
})
afterAll(async () => {
  await db?.destroy()
  await scratch?.drop()
})

const bytesOf = (rows: { bytes: Uint8Array }[]) => rows.map((row) => [...row.bytes])

describe('the PostgreSQL document store', () => {
  it('prepares its append once per connection instead of planning it at every batch', async () => {
    // One connection: the prepared statements listed are the store's own connection's.
    const single = openPostgres({ connectionString: scratch.url, maxConnections: 1 })
    try {
      const store = createPostgresDocumentStore({ db: single })
      const doc = freshDoc()
      await store.append(keyOf(doc), new Uint8Array([1]))
      await new Promise((resolve) => setImmediate(resolve))
      await store.append(keyOf(doc), new Uint8Array([2]))
      const prepared = await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(single)
      expect(prepared.rows.map((row) => row.name)).toEqual(['concerto_append'])
      expect(bytesOf((await store.load(keyOf(doc))).updates)).toEqual([[1], [2]])
    } finally {
      await single.destroy()
    }
  })

  it('loads what was appended, in order, every row intact', async () => {
    const store = createPostgresDocumentStore({ db })
    const doc = freshDoc()
    const seqs = await Promise.all([1, 2, 3].map((n) => store.append(keyOf(doc), new Uint8Array([n, n]))))
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    const stored = await store.load(keyOf(doc))
    expect(stored.snapshots).toEqual([])
    expect(stored.updates.map((row) => row.id)).toEqual(seqs)
    expect(bytesOf(stored.updates)).toEqual([[1, 1], [2, 2], [3, 3]])
    expect(stored.updates.every((row) => row.intact)).toBe(true)
    expect(await store.countAfter(keyOf(doc), seqs[0]!)).toBe(2)
  })

  it('commits appends made concurrently by many writers in the order they were called', async () => {
    const store = createPostgresDocumentStore({ db })
    const docs = [freshDoc(), freshDoc('health'), freshDoc('person')]
    const called: { doc: string; n: number; seq: Promise<number> }[] = []
    // Ten writers, each pausing at random between appends, so batches form and overlap with commits.
    await Promise.all(
      Array.from({ length: 10 }, async (_, writer) => {
        for (let i = 0; i < 30; i++) {
          const doc = docs[(writer + i) % docs.length]!
          const n = called.length
          called.push({ doc, n, seq: store.append(keyOf(doc), new Uint8Array([n >> 8, n & 255])) })
          if (Math.random() < 0.3) await new Promise((resolve) => setImmediate(resolve))
        }
      }),
    )
    const seqs = await Promise.all(called.map((entry) => entry.seq))
    // The order of commits is the order of calls, across documents.
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(new Set(seqs).size).toBe(seqs.length)
    for (const doc of docs) {
      const expected = called.filter((entry) => entry.doc === doc).map(({ n }) => [n >> 8, n & 255])
      expect(bytesOf((await store.load(keyOf(doc))).updates)).toEqual(expected)
    }
  })

  it('marks a row whose stored bytes no longer match their checksum as not intact', async () => {
    const store = createPostgresDocumentStore({ db })
    const doc = freshDoc()
    const seq = await store.append(keyOf(doc), new Uint8Array([7, 7, 7]))
    await store.append(keyOf(doc), new Uint8Array([8]))
    await sql`UPDATE doc_updates SET bytes = '\\x070707ff'::bytea WHERE seq = ${seq}`.execute(db)
    const stored = await store.load(keyOf(doc))
    expect(stored.updates.map((row) => row.intact)).toEqual([false, true])
  })

  it('keeps the two most complete snapshots and the log after the older one', async () => {
    const store = createPostgresDocumentStore({ db })
    const doc = freshDoc()
    const seqs: number[] = []
    for (let n = 1; n <= 6; n++) seqs.push(await store.append(keyOf(doc), new Uint8Array([n])))
    expect(await store.compact(keyOf(doc), new Uint8Array([100]), seqs[1]!)).toEqual({ remainingRows: 4 })
    expect(await store.compact(keyOf(doc), new Uint8Array([101]), seqs[3]!)).toEqual({ remainingRows: 4 })
    expect(await store.compact(keyOf(doc), new Uint8Array([102]), seqs[4]!)).toEqual({ remainingRows: 2 })
    const stored = await store.load(keyOf(doc))
    expect(stored.snapshots.map((s) => [s.uptoSeq, [...s.bytes], s.intact])).toEqual([
      [seqs[4], [102], true],
      [seqs[3], [101], true],
    ])
    expect(bytesOf(stored.updates)).toEqual([[5], [6]])
  })

  it('moves a row that cannot be applied to the quarantine, with its bytes and the reason', async () => {
    const store = createPostgresDocumentStore({ db })
    const doc = freshDoc()
    const bad = await store.append(keyOf(doc), new Uint8Array([9, 9]))
    await store.append(keyOf(doc), new Uint8Array([1]))
    await store.quarantine(keyOf(doc), 'update', bad, 'checksum mismatch')
    expect(bytesOf((await store.load(keyOf(doc))).updates)).toEqual([[1]])
    const row = await db.selectFrom('doc_quarantine').selectAll().where('doc', '=', doc).executeTakeFirstOrThrow()
    expect([row.source, row.original_id, [...row.bytes], row.reason]).toEqual(['update', bad, [9, 9], 'checksum mismatch'])
  })

  it('erases every document of one situation (log, snapshots, quarantine) and no other situation’s, counting rows per table', async () => {
    const store = createPostgresDocumentStore({ db })
    const situation = freshDoc().split('/')[0]!
    for (const part of ['plan', 'person']) await store.append(keyOf(`${situation}/${part}`), new Uint8Array([1]))
    await store.append(keyOf(`${situation}0/plan`), new Uint8Array([1]))
    const bad = await store.append(keyOf(`${situation}/health`), new Uint8Array([9]))
    await store.compact(keyOf(`${situation}/plan`), new Uint8Array([2]), bad)
    await store.quarantine(keyOf(`${situation}/health`), 'update', bad, 'checksum mismatch')
    expect(await store.eraseSituation(situation)).toEqual({ doc_updates: 1, doc_snapshots: 1, doc_quarantine: 1 })
    for (const part of ['plan', 'person', 'health']) expect(await store.load(keyOf(`${situation}/${part}`))).toEqual({ snapshots: [], updates: [] })
    expect((await store.load(keyOf(`${situation}0/plan`))).updates).toHaveLength(1)
    expect(await store.eraseSituation(situation)).toEqual({})
  })

  it('rebuilds a Yjs document through the persist extension, before and after compaction', async () => {
    const store = createPostgresDocumentStore({ db })
    const persist = persistExtension({ store, log: silentLogger(), compactAfter: 1_000_000 })
    const doc = freshDoc()
    const documentKey = { situationId: doc.split('/')[0]!, part: 'plan' as const }
    const load = async () => {
      const loaded = new Y.Doc()
      await persist.onLoadDocument!({ documentKey, documentName: doc, doc: loaded })
      return loaded
    }
    const writer = new Y.Doc()
    const appended: Promise<number>[] = []
    writer.on('update', (update: Uint8Array) => void appended.push(store.append(keyOf(doc), update)))
    for (let i = 0; i < 40; i++) writer.getText('t').insert(0, String(i % 10))
    await Promise.all(appended)
    const first = await load()
    expect(first.getText('t').toString()).toBe(writer.getText('t').toString())
    await persist.compact(keyOf(doc), first, true)
    for (let i = 0; i < 5; i++) writer.getText('t').insert(0, 'x')
    await Promise.all(appended)
    const second = await load()
    expect(second.getText('t').toString()).toBe(writer.getText('t').toString())
    expect((await store.load(keyOf(doc))).snapshots).toHaveLength(1)
  })

  it('refuses an append under a stale claim and stores nothing of it, while the rest of its batch commits', async () => {
    const held = freshDoc()
    const stale = freshDoc()
    const heldSituation = held.split('/')[0]!
    const staleSituation = stale.split('/')[0]!
    await sql`INSERT INTO situation_owners VALUES
      (${heldSituation}, 'node-a', 3, now() + interval '1 minute'),
      (${staleSituation}, 'node-b', 5, now() + interval '1 minute')`.execute(db)
    const claims: Record<string, Claim> = {
      [heldSituation]: { situationId: heldSituation, nodeId: 'node-a', epoch: 3 },
      // node-a's old epoch: node-b took the situation over since.
      [staleSituation]: { situationId: staleSituation, nodeId: 'node-a', epoch: 4 },
    }
    const store = createPostgresDocumentStore({ db, fence: { claim: (situationId) => claims[situationId] ?? null } })
    const results = await Promise.allSettled([
      store.append(keyOf(held), new Uint8Array([1])),
      store.append(keyOf(stale), new Uint8Array([2])),
      store.append(keyOf(held), new Uint8Array([3])),
    ])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const error = (results[1] as PromiseRejectedResult).reason
    expect(error).toBeInstanceOf(FencedError)
    expect(error).toMatchObject({ situationId: staleSituation, reason: 'refused' })
    expect(bytesOf((await store.load(keyOf(held))).updates)).toEqual([[1], [3]])
    expect((await store.load(keyOf(stale))).updates).toEqual([])
    // Compaction and removal are fenced too: a stale node must not prune what the new owner wrote.
    await expect(store.compact(keyOf(stale), new Uint8Array([9]), 1)).rejects.toBeInstanceOf(FencedError)
    expect((await store.load(keyOf(stale))).snapshots).toEqual([])
    // A situation this node holds no claim on is refused before the database.
    await expect(store.append(keyOf(freshDoc()), new Uint8Array([4]))).rejects.toMatchObject({ reason: 'not-held' })
  })

  it('refuses the appends of an older epoch and keeps those of the newer one when both fall in one batch', async () => {
    const doc = freshDoc()
    const situationId = doc.split('/')[0]!
    await sql`INSERT INTO situation_owners VALUES (${situationId}, 'node-a', 8, now() + interval '1 minute')`.execute(db)
    // The node re-acquired the situation between two appends of one turn: the first came from the older copy.
    let epoch = 7
    const store = createPostgresDocumentStore({ db, fence: { claim: () => ({ situationId, nodeId: 'node-a', epoch }) } })
    const older = store.append(keyOf(doc), new Uint8Array([1]))
    epoch = 8
    const newer = [store.append(keyOf(doc), new Uint8Array([2])), store.append(keyOf(doc), new Uint8Array([3]))]
    await expect(older).rejects.toMatchObject({ name: 'FencedError', claim: { epoch: 7 } })
    const seqs = await Promise.all(newer)
    expect(seqs[0]!).toBeLessThan(seqs[1]!)
    expect(bytesOf((await store.load(keyOf(doc))).updates)).toEqual([[2], [3]])
  })

  it('stores a document under its wire name and its situation, from the key it is given', async () => {
    const store = createPostgresDocumentStore({ db })
    const doc = freshDoc('health')
    await store.append(keyOf(doc), new Uint8Array([1]))
    const row = await db.selectFrom('doc_updates').select(['doc', 'situation_id']).where('doc', '=', doc).executeTakeFirstOrThrow()
    expect(row).toEqual({ doc, situation_id: doc.split('/')[0] })
  })
})
