import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type Db } from './db.ts'
import { createSqliteDocumentStore, type DocumentStore } from './updates.ts'
import { createWorkerDocumentStore } from './document-writer.ts'
import { persistExtension } from '../extensions/persist.ts'
import { silentLogger, createLogger } from '../log.ts'
import { keyOf } from '../../test/helpers/document-key.ts'
import { sql } from 'kysely'
import { sqliteSql } from './sql/sqlite.ts'

const dirs: string[] = []
const dbs: Db[] = []
const writers: { close(): Promise<void> }[] = []
const open = () => {
  const dir = mkdtempSync(join(tmpdir(), 'concerto-store-'))
  dirs.push(dir)
  const db = openDatabase({ dataDir: dir })
  dbs.push(db)
  return db
}
afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.close()
  for (const db of dbs.splice(0)) db.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Writes `count` single-character edits from a fresh client into the store; returns the expected text. */
async function writeEdits(store: ReturnType<typeof createSqliteDocumentStore>, doc: string, count: number, source = new Y.Doc()) {
  source.on('update', (update: Uint8Array) => void store.append(keyOf(doc), update))
  for (let i = 0; i < count; i++) source.getText('t').insert(0, String(i % 10))
  await new Promise((resolve) => setImmediate(resolve))
  return source.getText('t').toString()
}

const load = async (extension: ReturnType<typeof persistExtension>, documentName: string) => {
  const doc = new Y.Doc()
  await extension.onLoadDocument!({ documentKey: keyOf(documentName), documentName, doc })
  return doc
}

describe('the update log', () => {
  it('commits appends of one turn in one transaction, in call order', async () => {
    const store = createSqliteDocumentStore(open())
    const seqs = await Promise.all([1, 2, 3].map((n) => store.append(keyOf('d/plan'), new Uint8Array([n]))))
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    const stored = await store.load(keyOf('d/plan'))
    expect(stored.updates.map((row) => [...row.bytes])).toEqual([[1], [2], [3]])
  })

  it('rebuilds the document from an older snapshot and the log when the newest snapshot is corrupted', async () => {
    const db = open()
    const store = createSqliteDocumentStore(db)
    const lines: string[] = []
    const persist = persistExtension({ store, log: createLogger({ write: (line) => void lines.push(line) }), compactAfter: 1_000_000 })
    const expectedA = await writeEdits(store, 'doc/plan', 30)
    const first = await load(persist, 'doc/plan')
    await persist.compact(keyOf('doc/plan'), first)
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(first))
    const expected = await writeEdits(store, 'doc/plan', 30, writer)
    expect(expected.length).toBe(expectedA.length + 30)
    const second = await load(persist, 'doc/plan')
    await persist.compact(keyOf('doc/plan'), second)
    expect((await store.load(keyOf('doc/plan'))).snapshots).toHaveLength(2)

    // Flip bytes in the newest snapshot.
    const newest = db.prepare('SELECT id, bytes FROM doc_snapshots ORDER BY id DESC LIMIT 1').get() as { id: number; bytes: Buffer }
    newest.bytes[Math.floor(newest.bytes.length / 2)]! ^= 0xff
    db.prepare('UPDATE doc_snapshots SET bytes = ? WHERE id = ?').run(newest.bytes, newest.id)

    const rebuilt = await load(persist, 'doc/plan')
    expect(rebuilt.getText('t').toString()).toBe(expected)
    expect(lines.some((line) => line.includes('CORRUPTED SNAPSHOT'))).toBe(true)
    expect(db.prepare("SELECT count(*) FROM doc_quarantine WHERE source = 'snapshot'").pluck().get()).toBe(1)
  })

  it('quarantines a log row that cannot be applied instead of failing the load', async () => {
    const db = open()
    const store = createSqliteDocumentStore(db)
    const persist = persistExtension({ store, log: silentLogger() })
    const expected = await writeEdits(store, 'doc/plan', 5)
    await store.append(keyOf('doc/plan'), new Uint8Array([1, 2, 3, 250, 250]))
    const doc = await load(persist, 'doc/plan')
    expect(doc.getText('t').toString()).toBe(expected)
    expect(db.prepare("SELECT count(*) FROM doc_quarantine WHERE source = 'update'").pluck().get()).toBe(1)
    // The next load is clean: no crash loop, nothing left to quarantine.
    expect((await load(persist, 'doc/plan')).getText('t').toString()).toBe(expected)
  })

  it('refuses appends when the disk is full and keeps earlier rows', async () => {
    const db = open()
    const store = createSqliteDocumentStore(db)
    await store.append(keyOf('doc/plan'), new Uint8Array([1]))
    const pages = db.pragma('page_count', { simple: true }) as number
    db.pragma(`max_page_count = ${pages}`)
    await expect(store.append(keyOf('doc/plan'), new Uint8Array(64 * 1024))).rejects.toThrow(/full/i)
    expect((await store.load(keyOf('doc/plan'))).updates).toHaveLength(1)
  })

  it('erases every document of one situation (log, snapshots, quarantine) and no other situation’s, counting rows per table', async () => {
    const store = createSqliteDocumentStore(open())
    for (const doc of ['s1/plan', 's1/person', 's10/plan']) await store.append(keyOf(doc), new Uint8Array([1]))
    const bad = await store.append(keyOf('s1/health'), new Uint8Array([9]))
    await store.compact(keyOf('s1/plan'), new Uint8Array([2]), 1)
    await store.quarantine(keyOf('s1/health'), 'update', bad, 'checksum mismatch')
    expect(await store.eraseSituation('s1')).toEqual({ doc_updates: 1, doc_snapshots: 1, doc_quarantine: 1 })
    for (const doc of ['s1/plan', 's1/person', 's1/health']) expect(await store.load(keyOf(doc))).toEqual({ snapshots: [], updates: [] })
    expect((await store.load(keyOf('s10/plan'))).updates).toHaveLength(1)
    expect(await store.eraseSituation('s1')).toEqual({})
  })
})

/** Both document writers (DOC_WRITER): on the event loop, and in a worker thread with its own connection. */
const WRITERS: [string, (db: Db) => DocumentStore][] = [
  ['committed on the main thread', (db) => createSqliteDocumentStore(db)],
  [
    'committed by a worker thread',
    (db) => {
      const store = createWorkerDocumentStore(db)
      writers.push(store)
      return store
    },
  ],
]

describe.each(WRITERS)('the update log beside the data layer, %s', (_, createStore) => {
  it('keeps an update appended while a data-layer transaction is open, even when that transaction rolls back', async () => {
    const db = open()
    const store = createStore(db)
    const rows = sqliteSql(db)
    let appended: Promise<number> | undefined
    await expect(
      rows.transaction().execute(async (trx) => {
        await sql`CREATE TABLE scratch (n INTEGER)`.execute(trx)
        appended = store.append(keyOf('sit-1/plan'), Y.encodeStateAsUpdate(new Y.Doc()))
        // An await that leaves the turn, as a transaction must not but might: the append's batch would run now.
        await new Promise((resolve) => setTimeout(resolve, 5))
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    const seq = await appended!
    expect(db.prepare('SELECT count(*) FROM doc_updates WHERE seq = ?').pluck().get(seq)).toBe(1)
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'scratch'").pluck().get()).toBe(0)
  })
})
