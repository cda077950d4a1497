import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, sleep, type TestClient } from '../../test/helpers/clients.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import type { StoredDocument } from '../storage/updates.ts'
import { keyOf } from '../../test/helpers/document-key.ts'

let server: TestServer
let writer: TestClient
let reader: TestClient
const ROOM = 'madame-b/plan'
/** The edits refused during each fault, to be found again after a restart. */
const refused: string[] = []

beforeAll(async () => {
  server = await startTestServer()
  writer = connectClient(server.wsUrl, ROOM, await login(server.url, 'medecin@demo.test'))
  reader = connectClient(server.wsUrl, ROOM, await login(server.url, 'infirmier@demo.test'))
  await Promise.all([writer.synced, reader.synced])
})
afterAll(async () => {
  writer.destroy()
  reader.destroy()
  await server.dispose()
})

/** Rebuilds the document from what the store holds, as persist.ts loads it (newest intact snapshot + the log after it). */
const rebuild = (stored: StoredDocument): Y.Doc => {
  const doc = new Y.Doc()
  const snapshot = stored.snapshots.find((row) => row.intact)
  if (snapshot) Y.applyUpdate(doc, snapshot.bytes)
  for (const row of stored.updates) if (row.intact && row.id > (snapshot?.uptoSeq ?? 0)) Y.applyUpdate(doc, row.bytes)
  return doc
}
const storedFaults = async () => rebuild(await server.concerto.store.load(keyOf(ROOM))).getArray<string>('faults').toArray()

describe('storage faults', () => {
  for (const [fault, inject, recover] of [
    ['read-only storage', () => server.concerto.db.pragma('query_only = ON'), () => server.concerto.db.pragma('query_only = OFF')],
    [
      'a full disk',
      () => server.concerto.db.pragma(`max_page_count = ${server.concerto.db.pragma('page_count', { simple: true })}`),
      () => server.concerto.db.pragma('max_page_count = 1073741823'),
    ],
  ] as const) {
    it(`refuses updates during ${fault} with 4503, broadcasts nothing, and loses nothing after recovery`, async () => {
      const closesBefore = writer.closeCodes.length
      const coordinator = await login(server.url, 'coordination@demo.test')
      inject()
      // Big enough that a full disk cannot take it in a free page or two.
      const edit = `${fault}: ${Date.now()} ${'x'.repeat(200_000)}`
      writer.doc.getArray<string>('faults').push([edit])
      refused.push(edit)
      await eventually(() => expect(writer.closeCodes.slice(closesBefore)).toContain(CloseCode.storageUnavailable))
      await sleep(100)
      expect(reader.doc.getArray<string>('faults').toArray()).not.toContain(edit)
      expect(server.concerto.rooms.get(ROOM)!.doc.getArray<string>('faults').length).toBe(reader.doc.getArray('faults').length)
      // Reads keep being served while storage is down.
      const late = connectClient(server.wsUrl, ROOM, coordinator)
      await late.synced
      expect(late.doc.getArray('faults').length).toBe(reader.doc.getArray('faults').length)
      late.destroy()
      // Refused means not stored either (reads work while storage is down).
      expect(await storedFaults()).not.toContain(edit)

      recover()
      // The stock client reconnects by itself (45xx is retryable) and its handshake resends the edit.
      await eventually(() => expect(reader.doc.getArray<string>('faults').toArray()).toContain(edit), {
        timeoutMs: 15_000,
      })
      // Nothing lost: the refused edit is now durable, not only in memory and
      // in the clients. The store alone rebuilds a document that holds it, once.
      expect((await storedFaults()).filter((value) => value === edit)).toHaveLength(1)
      expect(server.concerto.rooms.get(ROOM)!.doc.getArray<string>('faults').toArray()).toContain(edit)
    }, 30_000)
  }

  it('finds every edit refused during the faults after a restart on the same data directory', async () => {
    expect(refused).toHaveLength(2)
    writer.destroy()
    reader.destroy()
    await server.stop()
    server = await startTestServer({ dataDir: server.dataDir })
    const after = connectClient(server.wsUrl, ROOM, await login(server.url, 'coordination@demo.test'))
    try {
      await after.synced
      const values = after.doc.getArray<string>('faults').toArray()
      for (const edit of refused) expect(values.filter((value) => value === edit)).toHaveLength(1)
    } finally {
      after.destroy()
    }
  }, 30_000)
})
