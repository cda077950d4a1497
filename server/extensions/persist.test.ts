import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type Db } from '../storage/db.ts'
import { createSqliteDocumentStore, type DocumentStore } from '../storage/updates.ts'
import { persistExtension } from './persist.ts'
import { silentLogger } from '../log.ts'
import { keyOf } from '../../test/helpers/document-key.ts'
import type { UpdatePayload } from '../sync/extension.ts'

const dirs: string[] = []
const dbs: Db[] = []
afterEach(() => {
  for (const db of dbs.splice(0)) db.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const openStore = (): DocumentStore => {
  const dir = mkdtempSync(join(tmpdir(), 'concerto-persist-'))
  dirs.push(dir)
  const db = openDatabase({ dataDir: dir })
  dbs.push(db)
  return createSqliteDocumentStore(db)
}

const NAME = 'compacted/plan'
const KEY = keyOf(NAME)

/** One edit of `writer`, stored and applied to the room's `doc` as the room does; not yet recorded. */
async function storedEdit(persist: ReturnType<typeof persistExtension>, doc: Y.Doc, writer: Y.Doc, text: string): Promise<UpdatePayload> {
  let update: Uint8Array | null = null
  const capture = (bytes: Uint8Array) => void (update = bytes)
  writer.on('update', capture)
  writer.getText('t').insert(0, text)
  writer.off('update', capture)
  const payload = { documentKey: KEY, documentName: NAME, doc, update: update! } as UpdatePayload
  await persist.onStoreUpdate!(payload)
  Y.applyUpdate(doc, update!)
  return payload
}

/** A room's path for each update: stored, applied, then recorded. */
async function typeInto(persist: ReturnType<typeof persistExtension>, doc: Y.Doc, writer: Y.Doc, count: number, text = ''): Promise<void> {
  for (let i = 0; i < count; i++) {
    await persist.afterApplyUpdate!(await storedEdit(persist, doc, writer, text || String(i % 10)))
    // Compaction runs in a setImmediate after the row that makes it due.
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** A document whose snapshot is far heavier than a typed character. */
async function heavyDocument(store: DocumentStore, persist: ReturnType<typeof persistExtension>) {
  const seed = new Y.Doc()
  seed.getText('bulk').insert(0, 'x'.repeat(20_000))
  await store.append(KEY, Y.encodeStateAsUpdate(seed))
  const doc = new Y.Doc()
  await persist.onLoadDocument!({ documentKey: KEY, documentName: NAME, doc })
  await persist.compact(KEY, doc, true)
  const writer = new Y.Doc()
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc))
  return { doc, writer }
}

const snapshotCount = async (store: DocumentStore) => (await store.load(KEY)).snapshots.length

describe('compaction', () => {
  it('waits while the log weighs less than the snapshot, and comes by four times its row threshold', async () => {
    const store = openStore()
    const persist = persistExtension({ store, log: silentLogger(), compactAfter: 20 })
    const { doc, writer } = await heavyDocument(store, persist)
    expect(await snapshotCount(store)).toBe(1)

    // 79 one-character edits weigh far less than a 20,000-character snapshot: no compaction yet.
    await typeInto(persist, doc, writer, 79)
    expect(await snapshotCount(store)).toBe(1)
    // The 80th is four times the threshold.
    await typeInto(persist, doc, writer, 1)
    expect(await snapshotCount(store)).toBe(2)
    const newest = (await store.load(KEY)).snapshots[0]!
    const rebuilt = new Y.Doc()
    Y.applyUpdate(rebuilt, newest.bytes)
    expect(rebuilt.getText('t').toString()).toBe(writer.getText('t').toString())
  })

  it('compacts before the cap once the log outweighs the snapshot', async () => {
    const store = openStore()
    const persist = persistExtension({ store, log: silentLogger(), compactAfter: 20 })
    const { doc, writer } = await heavyDocument(store, persist)
    // Rows of 1,100 characters: 20 of them outweigh the 20,000-character snapshot.
    await typeInto(persist, doc, writer, 19, 'y'.repeat(1_100))
    expect(await snapshotCount(store)).toBe(1)
    await typeInto(persist, doc, writer, 1, 'y'.repeat(1_100))
    expect(await snapshotCount(store)).toBe(2)
  })

  it('writes one snapshot per compaction, so the older kept one holds an older state and the log after it', async () => {
    const store = openStore()
    const persist = persistExtension({ store, log: silentLogger(), compactAfter: 20 })
    const { doc, writer } = await heavyDocument(store, persist)
    await typeInto(persist, doc, writer, 80)
    const stored = await store.load(KEY)
    expect(stored.snapshots).toHaveLength(2)
    const [newest, older] = stored.snapshots
    expect(newest!.uptoSeq).toBeGreaterThan(older!.uptoSeq)
    // The 80 rows folded into the newest stay, to rebuild it from the older one.
    expect(stored.updates.filter((row) => row.id > older!.uptoSeq)).toHaveLength(80)
  })

  it('compacts once for the rows of one turn, even when a row lands between their queued compactions', async () => {
    const store = openStore()
    const persist = persistExtension({ store, log: silentLogger(), compactAfter: 20, logToSnapshotRatio: 0 })
    const { doc, writer } = await heavyDocument(store, persist)
    await typeInto(persist, doc, writer, 19)
    // Two rows recorded in one turn each queue a compaction; a third lands between the two.
    const payloads: UpdatePayload[] = []
    for (let i = 0; i < 3; i++) payloads.push(await storedEdit(persist, doc, writer, 'z'))
    await persist.afterApplyUpdate!(payloads[0]!)
    const between = new Promise<void>((resolve) => setImmediate(() => resolve(persist.afterApplyUpdate!(payloads[1]!) as void)))
    await persist.afterApplyUpdate!(payloads[2]!)
    await between
    await new Promise((resolve) => setImmediate(resolve))
    // One compaction of the rows due; the row recorded in between waits for the next threshold.
    expect(await snapshotCount(store)).toBe(2)
    const [newest, older] = (await store.load(KEY)).snapshots
    expect(newest!.uptoSeq).toBeGreaterThan(older!.uptoSeq)
  })

  it('compacts every row threshold when the rule is turned off, as before', async () => {
    const store = openStore()
    const persist = persistExtension({ store, log: silentLogger(), compactAfter: 20, logToSnapshotRatio: 0 })
    const { doc, writer } = await heavyDocument(store, persist)
    await typeInto(persist, doc, writer, 19)
    expect(await snapshotCount(store)).toBe(1)
    await typeInto(persist, doc, writer, 1)
    expect(await snapshotCount(store)).toBe(2)
  })

  it('compacts a document without a snapshot yet at its row threshold', async () => {
    const store = openStore()
    const persist = persistExtension({ store, log: silentLogger(), compactAfter: 20 })
    const doc = new Y.Doc()
    await persist.onLoadDocument!({ documentKey: KEY, documentName: NAME, doc })
    const writer = new Y.Doc()
    await typeInto(persist, doc, writer, 19)
    expect(await snapshotCount(store)).toBe(0)
    await typeInto(persist, doc, writer, 1)
    expect(await snapshotCount(store)).toBe(1)
  })

  it('after a load, compacts a replayed log only once it is due by the same rule', async () => {
    const store = openStore()
    // The writing side never compacts on its own: the loads below find the whole log.
    const writing = persistExtension({ store, log: silentLogger(), compactAfter: 1_000_000 })
    const { doc, writer } = await heavyDocument(store, writing)
    const load = async (logToSnapshotRatio?: number) => {
      const loaded = new Y.Doc()
      const options = logToSnapshotRatio === undefined ? {} : { logToSnapshotRatio }
      await persistExtension({ store, log: silentLogger(), compactAfter: 20, ...options }).onLoadDocument!({ documentKey: KEY, documentName: NAME, doc: loaded })
      return loaded
    }

    // 30 light rows against a heavy snapshot: not due.
    await typeInto(writing, doc, writer, 30)
    expect((await load()).getText('t').toString()).toBe(writer.getText('t').toString())
    expect(await snapshotCount(store)).toBe(1)
    // With the rule off, the same replay is due.
    await load(0)
    expect(await snapshotCount(store)).toBe(2)

    // 20 heavy rows: that replay outweighs the snapshot, and is compacted at load.
    await typeInto(writing, doc, writer, 20, 'y'.repeat(1_100))
    const uptoBefore = (await store.load(KEY)).snapshots[0]!.uptoSeq
    expect((await load()).getText('t').toString()).toBe(writer.getText('t').toString())
    expect((await store.load(KEY)).snapshots[0]!.uptoSeq).toBeGreaterThan(uptoBefore)
  })
})
