import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, openRawSocket, type TestClient } from '../../test/helpers/clients.ts'
import { keyOf } from '../../test/helpers/document-key.ts'

const servers: TestServer[] = []
const clients: TestClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  for (const server of servers.splice(0)) await server.dispose()
})

const ROOM = 'monsieur-x/plan'
const step1 = (stateVector: Uint8Array) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}
/** The sync messages of a raw socket, in arrival order: [sync type, payload]. */
const syncMessages = (received: Uint8Array[]) =>
  received.flatMap((bytes) => {
    const decoder = decoding.createDecoder(bytes)
    if (decoding.readVarUint(decoder) !== 0) return []
    const type = decoding.readVarUint(decoder)
    return [[type, decoding.readVarUint8Array(decoder)] as const]
  })

/** A plan grown past the early-answer threshold, stopped (compacted to one snapshot), and the server restarted on it. */
async function restartOnLargePlan(tamper?: (doc: Y.Doc) => void) {
  const first = await startTestServer()
  const cookie = await login(first.url, 'medecin@demo.test')
  const writer = connectClient(first.wsUrl, ROOM, cookie)
  await writer.synced
  const text = writer.doc.getText('scratch')
  for (let i = 0; i < 120; i++) text.insert(text.length, `Paragraphe ${i} : ${'compte rendu de visite à domicile. '.repeat(20)}\n`)
  tamper?.(writer.doc)
  const expected = text.toString()
  await eventually(() => expect(first.concerto.rooms.get(ROOM)?.doc.getText('scratch').length).toBe(expected.length))
  writer.destroy()
  await first.stop()
  const server = await startTestServer({ dataDir: first.dataDir })
  servers.push(server)
  const stored = await server.concerto.store.load(keyOf(ROOM))
  expect(stored.snapshots[0]!.bytes.byteLength).toBeGreaterThan(64 * 1024)
  expect(stored.updates.filter((row) => row.id > stored.snapshots[0]!.uptoSeq)).toEqual([])
  return { server, expected, cookie: await login(server.url, 'medecin@demo.test') }
}

describe('a large document loading from one snapshot', () => {
  it('answers a waiting client’s step 1 from the stored bytes before its own step 1, with the whole text', async () => {
    const { server, expected, cookie } = await restartOnLargePlan()
    const raw = openRawSocket(`${server.wsUrl}/sync/${ROOM}`, cookie)
    await raw.opened
    raw.socket.send(step1(new Uint8Array([0])))
    await eventually(() => expect(syncMessages(raw.received).some(([type]) => type === 0)).toBe(true))
    const messages = syncMessages(raw.received)
    // Early: the step 2 comes before the server's own step 1, which is sent when the document is built.
    expect(messages[0]![0]).toBe(1)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, messages[0]![1])
    expect(doc.getText('scratch').toString()).toBe(expected)
    raw.socket.close()
  })

  it('sends a client answered early what the server changed while loading, before greeting it, so it converges with everyone', async () => {
    // A stale display copy: the server rewrites meta.coordinatorId from SQL when the plan loads.
    const { server, expected, cookie } = await restartOnLargePlan((doc) => doc.getMap('meta').set('coordinatorId', 'quelqu-un-d-autre'))
    const raw = openRawSocket(`${server.wsUrl}/sync/${ROOM}`, cookie)
    await raw.opened
    raw.socket.send(step1(new Uint8Array([0])))
    await eventually(() => expect(syncMessages(raw.received).some(([type]) => type === 0)).toBe(true))
    const room = server.concerto.rooms.get(ROOM)!
    const truth = room.doc.getMap('meta').get('coordinatorId')
    expect(truth).not.toBe('quelqu-un-d-autre')
    // What arrived before the server's step 1 is the state it was greeted from: it must already hold the rewrite.
    const messages = syncMessages(raw.received)
    const greeting = messages.findIndex(([type]) => type === 0)
    const doc = new Y.Doc()
    for (const [, update] of messages.slice(0, greeting)) Y.applyUpdate(doc, update)
    expect(doc.getMap('meta').get('coordinatorId')).toBe(truth)
    expect(doc.getText('scratch').toString()).toBe(expected)
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(room.doc))
    raw.socket.close()
    // And a stock client opened the same way ends equal to the server.
    const stock = connectClient(server.wsUrl, ROOM, cookie)
    clients.push(stock)
    await stock.synced
    await eventually(() => expect(Y.encodeStateAsUpdate(stock.doc)).toEqual(Y.encodeStateAsUpdate(room.doc)))
  })

  it('closes a connection revoked while it waits for the load, which then never joins the room', async () => {
    const { server, cookie } = await restartOnLargePlan()
    const rooms = server.concerto.rooms
    const join = rooms.join.bind(rooms)
    let closedWhileLoading = -1
    // The revocation lands right after the upgrade, while the room is still loading.
    rooms.join = (docName, connection) => {
      const joined = join(docName, connection)
      closedWhileLoading = rooms.closeWhere((candidate) => candidate === connection, 4410, 'access revoked')
      return joined
    }
    const raw = openRawSocket(`${server.wsUrl}/sync/${ROOM}`, cookie)
    await raw.opened
    expect((await raw.closed).code).toBe(4410)
    expect(closedWhileLoading).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(rooms.connections()).toEqual([])
    // Nothing of the document reached it: no step 1, no step 2.
    expect(syncMessages(raw.received)).toEqual([])
  })

  it('answers a client that already holds part of the document with only what it lacks', async () => {
    const { server, cookie } = await restartOnLargePlan()
    const stored = await server.concerto.store.load(keyOf(ROOM))
    const partial = new Y.Doc()
    Y.applyUpdate(partial, stored.snapshots[0]!.bytes)
    const vector = Y.encodeStateVector(partial)
    const raw = openRawSocket(`${server.wsUrl}/sync/${ROOM}`, cookie)
    await raw.opened
    raw.socket.send(step1(vector))
    await eventually(() => expect(syncMessages(raw.received).some(([kind]) => kind === 0)).toBe(true))
    // Answered from the stored bytes (Y.diffUpdate), before the server's own step 1.
    const [type, update] = syncMessages(raw.received)[0]!
    expect(type).toBe(1)
    // It holds everything: the answer carries no struct, only the delete set.
    expect(update.byteLength).toBeLessThan(stored.snapshots[0]!.bytes.byteLength / 10)
    expect(Y.decodeUpdate(update).structs).toEqual([])
    raw.socket.close()
  })
})
