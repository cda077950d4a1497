import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, sleep, type TestClient } from '../../test/helpers/clients.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'

let server: TestServer
let writer: TestClient
let reader: TestClient
const ROOM = 'madame-b/plan'

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
      const big = 'x'.repeat(200_000)
      writer.doc.getArray<string>('faults').push([`${fault}: ${big}`])
      await eventually(() => expect(writer.closeCodes.slice(closesBefore)).toContain(CloseCode.storageUnavailable))
      await sleep(100)
      expect(reader.doc.getArray<string>('faults').toArray().some((v) => v.startsWith(fault))).toBe(false)
      expect(server.concerto.rooms.get(ROOM)!.doc.getArray<string>('faults').length).toBe(reader.doc.getArray('faults').length)
      // Reads keep being served while storage is down.
      const late = connectClient(server.wsUrl, ROOM, coordinator)
      await late.synced
      expect(late.doc.getArray('faults').length).toBe(reader.doc.getArray('faults').length)
      late.destroy()

      recover()
      // The stock client reconnects by itself (45xx is retryable) and its handshake resends the edit.
      await eventually(() => expect(reader.doc.getArray<string>('faults').toArray().some((v) => v.startsWith(fault))).toBe(true), {
        timeoutMs: 15_000,
      })
      const stored = await server.concerto.store.load(ROOM)
      expect(stored.updates.length + stored.snapshots.length).toBeGreaterThan(0)
    }, 30_000)
  }
})
