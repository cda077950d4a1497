import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, sleep, type TestClient } from '../../test/helpers/clients.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { keyOf } from '../../test/helpers/document-key.ts'
import { sql } from 'kysely'

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

const storedEdits = async () => {
  const stored = await server.concerto.store.load(keyOf(ROOM))
  const doc = new Y.Doc()
  for (const snapshot of stored.snapshots.filter((row) => row.intact).slice(0, 1)) Y.applyUpdate(doc, snapshot.bytes)
  for (const row of stored.updates) if (row.intact) Y.applyUpdate(doc, row.bytes)
  return doc.getArray<string>('bindingFaults').toArray()
}
const storedBinding = (clientId: number) =>
  server.concerto.sql.selectFrom('client_bindings').select('user_id').where('doc', '=', ROOM).where('client_id', '=', clientId).executeTakeFirst()

describe('a client binding that cannot be stored', () => {
  it('refuses the update it came with (4503, nothing stored or broadcast), and both are stored after recovery', async () => {
    // A new writer's first edit brings a client id nobody has bound yet.
    const newcomer = connectClient(server.wsUrl, ROOM, await login(server.url, 'coordination@demo.test'))
    await newcomer.synced
    const clientId = newcomer.doc.clientID
    // The bindings' table taken away wherever the run keeps the rows (SQLite file or PostgreSQL).
    const rename = (from: string, to: string) => sql.raw(`ALTER TABLE ${from} RENAME TO ${to}`).execute(server.concerto.sql)
    await rename('client_bindings', 'client_bindings_away')
    let away = true
    try {
      const edit = `binding fault ${Date.now()}`
      newcomer.doc.getArray<string>('bindingFaults').push([edit])
      await eventually(() => expect(newcomer.closeCodes).toContain(CloseCode.storageUnavailable))
      await sleep(100)
      expect(reader.doc.getArray<string>('bindingFaults').toArray()).not.toContain(edit)
      expect(await storedEdits()).not.toContain(edit)
      // Not durable, so not bound: memory forgot it as well.
      expect(server.concerto.bindings.owner(keyOf(ROOM), clientId)).toBeUndefined()
      await rename('client_bindings_away', 'client_bindings')
      away = false
      // The stock client reconnects by itself and resends the edit, with its binding this time.
      await eventually(() => expect(reader.doc.getArray<string>('bindingFaults').toArray()).toContain(edit), { timeoutMs: 15_000 })
      expect(await storedEdits()).toContain(edit)
      expect(await storedBinding(clientId)).toEqual({ user_id: 'user-coordination' })
      expect(server.concerto.bindings.owner(keyOf(ROOM), clientId)).toBe('user-coordination')
    } finally {
      if (away) await rename('client_bindings_away', 'client_bindings')
      newcomer.destroy()
    }
  }, 30_000)
})
