import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, type TestClient } from '../../test/helpers/clients.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import type { StoredDocument } from '../storage/updates.ts'
import { keyOf } from '../../test/helpers/document-key.ts'

/**
 * The last line of defence of the update path (room.ts receiveUpdate): an
 * update passed every check and was committed, then `Y.applyUpdate` threw.
 * A real Yjs failure is hard to provoke on demand, so an observer on the
 * server's document throws once when the marker arrives: Yjs has already
 * integrated the update when it calls observers, so this is exactly the
 * "half-applied, committed, not broadcast" state the server must undo.
 */
const ROOM = 'monsieur-x/plan'
const MARKER = 'apply-failure-marker-7f3a'
const KEPT = 'written-before-the-failure'

let server: TestServer
let sender: TestClient
let others: TestClient[]

/** Rebuilds the document from what the store holds, as persist.ts loads it. */
const rebuild = (stored: StoredDocument): Y.Doc => {
  const doc = new Y.Doc()
  const snapshot = stored.snapshots.find((row) => row.intact)
  if (snapshot) Y.applyUpdate(doc, snapshot.bytes)
  for (const row of stored.updates) if (row.intact && row.id > (snapshot?.uptoSeq ?? 0)) Y.applyUpdate(doc, row.bytes)
  return doc
}

/** Log rows of ROOM whose bytes carry the marker (a ContentAny string is stored verbatim). */
const rowsWithMarker = (): number[] =>
  (server.concerto.db.prepare('SELECT seq FROM doc_updates WHERE doc = ? AND instr(bytes, ?) > 0').pluck().all(ROOM, Buffer.from(MARKER)) as number[])

beforeAll(async () => {
  server = await startTestServer()
  sender = connectClient(server.wsUrl, ROOM, await login(server.url, 'medecin@demo.test'))
  others = [
    connectClient(server.wsUrl, ROOM, await login(server.url, 'infirmier@demo.test')),
    connectClient(server.wsUrl, ROOM, await login(server.url, 'coordination@demo.test')),
  ]
  await Promise.all([sender.synced, ...others.map((client) => client.synced)])
})
afterAll(async () => {
  sender?.destroy()
  for (const client of others ?? []) client.destroy()
  await server?.dispose()
})

describe('an update that throws in Y.applyUpdate after its commit', () => {
  it('is removed from the store, its sender closed with 4422, the others closed with 4500 and back on a document without it', async () => {
    // An earlier edit from the same sender must survive the reload.
    others[0]!.doc.getArray<string>('apply-failure').push([KEPT])
    await eventually(() => expect(server.concerto.rooms.get(ROOM)!.doc.getArray('apply-failure').toArray()).toContain(KEPT))
    await eventually(() => expect(others[1]!.doc.getArray('apply-failure').toArray()).toContain(KEPT))

    const room = server.concerto.rooms.get(ROOM)!
    let thrown = 0
    let committedWhenThrown: number[] = []
    room.doc.getArray<string>('apply-failure').observe((event) => {
      if (thrown > 0 || !event.target.toArray().includes(MARKER)) return
      thrown++
      // Proves the row was committed before the apply, so removing it matters.
      committedWhenThrown = rowsWithMarker()
      throw new Error('injected failure while applying')
    })
    const othersClosesBefore = others.map((client) => client.closeCodes.length)

    sender.doc.getArray<string>('apply-failure').push([MARKER])

    await eventually(() => expect(sender.closeCodes).toContain(CloseCode.updateRejected), { timeoutMs: 10_000 })
    expect(thrown).toBe(1)
    expect(committedWhenThrown).toHaveLength(1)
    expect(rowsWithMarker()).toEqual([])
    for (const [index, client] of others.entries()) {
      await eventually(() => expect(client.closeCodes.slice(othersClosesBefore[index])).toContain(CloseCode.internalError), { timeoutMs: 10_000 })
    }
    // 4422 is permanent for the stock client: the sender does not come back with the marker.
    expect(sender.provider.shouldConnect).toBe(false)

    // 4500 is retryable: the others reconnect by themselves to a reloaded document.
    await eventually(
      () => {
        for (const client of others) expect(client.provider.wsconnected && client.provider.synced).toBe(true)
        const reloaded = server.concerto.rooms.get(ROOM)
        expect(reloaded).toBeDefined()
        expect(reloaded).not.toBe(room)
      },
      { timeoutMs: 15_000 },
    )
    const reloaded = server.concerto.rooms.get(ROOM)!
    expect(reloaded.doc.getArray('apply-failure').toArray()).toEqual([KEPT])
    for (const client of others) expect(client.doc.getArray('apply-failure').toArray()).toEqual([KEPT])
    expect(rebuild(await server.concerto.store.load(keyOf(ROOM))).getArray('apply-failure').toArray()).toEqual([KEPT])

    // Sync keeps working on the reloaded document, and a newcomer sees no marker.
    others[1]!.doc.getArray<string>('apply-failure').push(['after-the-reload'])
    await eventually(() => expect(others[0]!.doc.getArray('apply-failure').toArray()).toEqual([KEPT, 'after-the-reload']))
    const newcomer = connectClient(server.wsUrl, ROOM, await login(server.url, 'social@demo.test'))
    try {
      await newcomer.synced
      expect(newcomer.doc.getArray('apply-failure').toArray()).toEqual([KEPT, 'after-the-reload'])
    } finally {
      newcomer.destroy()
    }
    expect(server.logs.some((line) => line.includes('update could not be applied'))).toBe(true)
  }, 40_000)
})
