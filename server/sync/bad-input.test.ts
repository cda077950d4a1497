import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, openRawSocket, sleep, type TestClient } from '../../test/helpers/clients.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { encodeSyncStep1, encodeSyncUpdate } from './frame.ts'
import { keyOf } from '../../test/helpers/document-key.ts'

let server: TestServer
let cookie: string
let honestA: TestClient
let honestB: TestClient
const ROOM = 'monsieur-x/plan'
const url = () => `${server.wsUrl}/sync/${ROOM}`

const storedRows = async () => {
  const stored = await server.concerto.store.load(keyOf(ROOM))
  return { updates: stored.updates.map((row) => row.id), snapshots: stored.snapshots.map((row) => row.id) }
}

/** Opens a writer socket, waits for the server's greeting, sends one frame, returns the close. */
async function sendAndClose(send: (socket: import('ws').WebSocket) => void, as = cookie) {
  const raw = openRawSocket(url(), as)
  expect(await raw.opened).toEqual({ ok: true })
  await eventually(() => expect(raw.received.length).toBeGreaterThan(0))
  send(raw.socket)
  return raw.closed
}

/** The second half of a fresh client's edits, without the first: its structs start past clock 0. */
function updateWithGap(): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('gap').insert(0, 'premier')
  const sv = Y.encodeStateVector(doc)
  doc.getText('gap').insert(7, ' second')
  return Y.encodeStateAsUpdate(doc, sv)
}

/** An insert after an item that exists only on a client that never sent it. */
function updateWithUnknownOrigin(): Uint8Array {
  const hidden = new Y.Doc()
  hidden.getArray('unknown').push(['caché'])
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(hidden))
  const sv = Y.encodeStateVector(doc)
  doc.getArray('unknown').push(['après'])
  return Y.encodeStateAsUpdate(doc, sv)
}

/** A delete of someone else's content the server never received. */
function updateDeletingUnknown(): Uint8Array {
  const hidden = new Y.Doc()
  hidden.getText('unknown').insert(0, 'jamais reçu')
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(hidden))
  const sv = Y.encodeStateVector(doc)
  doc.getText('unknown').delete(0, 3)
  return Y.encodeStateAsUpdate(doc, sv)
}

beforeAll(async () => {
  server = await startTestServer({ env: { MAX_FRAME_BYTES: String(64 * 1024) } })
  cookie = await login(server.url, 'medecin@demo.test')
  honestA = connectClient(server.wsUrl, ROOM, cookie)
  honestB = connectClient(server.wsUrl, ROOM, await login(server.url, 'infirmier@demo.test'))
  await Promise.all([honestA.synced, honestB.synced])
})

afterAll(async () => {
  honestA.destroy()
  honestB.destroy()
  await server.dispose()
})

describe('malformed input closes only its sender and stores nothing', () => {
  const bytes = (...values: number[]) => new Uint8Array(values)
  const cases: [string, (socket: import('ws').WebSocket) => void, number][] = [
    ['random bytes', (s) => s.send(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)), CloseCode.badFrame],
    ['an unknown message type', (s) => s.send(bytes(7, 1, 2)), CloseCode.badFrame],
    ['the auth message type, which clients never send', (s) => s.send(bytes(2, 0)), CloseCode.badFrame],
    ['a truncated varint', (s) => s.send(bytes(0x80)), CloseCode.badFrame],
    ['an unknown sync type', (s) => s.send(bytes(0, 9, 0)), CloseCode.badFrame],
    ['a text frame', (s) => s.send('bonjour'), CloseCode.badFrame],
    ['trailing bytes after a valid message', (s) => s.send(new Uint8Array([...encodeSyncStep1(Y.encodeStateVector(new Y.Doc())), 42])), CloseCode.badFrame],
    ['an update Yjs cannot decode', (s) => s.send(encodeSyncUpdate(bytes(5, 200, 1, 2, 3, 4, 99, 12))), CloseCode.badFrame],
    ['awareness that is not JSON', (s) => {
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, 1)
      const inner = encoding.createEncoder()
      encoding.writeVarUint(inner, 1)
      encoding.writeVarUint(inner, 5)
      encoding.writeVarUint(inner, 1)
      encoding.writeVarString(inner, '{not json')
      encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner))
      s.send(encoding.toUint8Array(encoder))
    }, CloseCode.badFrame],
    ['a frame over the size limit', (s) => s.send(new Uint8Array(70 * 1024)), CloseCode.messageTooBig],
  ]

  for (const [name, send, code] of cases) {
    it(`${name} closes the sender with ${code} and leaves the stored state unchanged`, async () => {
      const before = await storedRows()
      const closed = await sendAndClose(send)
      expect(closed.code).toBe(code)
      await sleep(20)
      expect(await storedRows()).toEqual(before)
      // Honest clients were not disturbed and still sync.
      const marker = `${name}-${Date.now()}`
      honestA.doc.getArray<string>('markers').push([marker])
      await eventually(() => expect(honestB.doc.getArray<string>('markers').toArray()).toContain(marker))
      expect(honestA.closeCodes).toEqual([])
      expect(honestB.closeCodes).toEqual([])
    })
  }
})

describe('refusals in the audit trail', () => {
  it('a frame over the size limit is in the audit trail with the budget that refused it', async () => {
    const closed = await sendAndClose((s) => s.send(new Uint8Array(70 * 1024)))
    expect(closed.code).toBe(CloseCode.messageTooBig)
    await eventually(async () =>
      expect(
        (await server.concerto.audit.forSituation('monsieur-x')).some((event) => event.action === 'sync.refused' && event.detail.rule === 'budget:frame-bytes'),
      ).toBe(true),
    )
  })
})

describe('updates that depend on something the server does not have', () => {
  for (const [name, make] of [
    ['starts past the document’s clock', updateWithGap],
    ['refers to an item nobody has', updateWithUnknownOrigin],
    ['deletes clocks nobody has', updateDeletingUnknown],
  ] as const) {
    it(`an update that ${name} is never stored or applied; a sender that never fills the gap is asked to resync (4510)`, async () => {
      const before = await storedRows()
      const svBefore = Y.encodeStateVector(server.concerto.rooms.get(ROOM)!.doc)
      const closed = await sendAndClose((socket) => {
        const frame = encodeSyncUpdate(make())
        for (let i = 0; i <= 200; i++) socket.send(frame)
      })
      expect(closed.code).toBe(CloseCode.resyncRequired)
      expect(await storedRows()).toEqual(before)
      expect(Y.encodeStateVector(server.concerto.rooms.get(ROOM)!.doc)).toEqual(svBefore)
      const marker = `after-${name}`
      honestA.doc.getArray<string>('markers').push([marker])
      await eventually(() => expect(honestB.doc.getArray<string>('markers').toArray()).toContain(marker))
    })
  }

  it('holds an early update until the one it depends on arrives, then stores both in order', async () => {
    const doc = new Y.Doc()
    doc.getText('ordre').insert(0, 'premier')
    const sv = Y.encodeStateVector(doc)
    const first = Y.encodeStateAsUpdate(doc)
    doc.getText('ordre').insert(7, ' puis second')
    const second = Y.encodeStateAsUpdate(doc, sv)
    const raw = openRawSocket(url(), cookie)
    expect(await raw.opened).toEqual({ ok: true })
    await eventually(() => expect(raw.received.length).toBeGreaterThan(0))
    raw.socket.send(encodeSyncUpdate(second))
    await sleep(50)
    expect(server.concerto.rooms.get(ROOM)!.doc.getText('ordre').toString()).toBe('')
    raw.socket.send(encodeSyncUpdate(first))
    await eventually(() => expect(honestB.doc.getText('ordre').toString()).toBe('premier puis second'))
    raw.socket.close()
  })
})

describe('refused connections receive no byte of the document', () => {
  it('refuses an upgrade without a session with 401', async () => {
    const raw = openRawSocket(url(), null)
    expect(await raw.opened).toEqual({ ok: false, status: 401 })
    expect(raw.received).toEqual([])
  })

  it('refuses a non-member and an unknown situation with the same 404', async () => {
    const yanis = await login(server.url, 'yanis@demo.test')
    const nonMember = openRawSocket(url(), yanis)
    const unknown = openRawSocket(`${server.wsUrl}/sync/no-such-situation/plan`, yanis)
    const badPart = openRawSocket(`${server.wsUrl}/sync/yanis/secrets`, yanis)
    expect(await nonMember.opened).toEqual({ ok: false, status: 404 })
    expect(await unknown.opened).toEqual({ ok: false, status: 404 })
    expect(await badPart.opened).toEqual({ ok: false, status: 404 })
    expect([...nonMember.received, ...unknown.received, ...badPart.received]).toEqual([])
  })

  it('refuses a cross-origin upgrade while a client without Origin connects', async () => {
    const crossSite = openRawSocket(url(), cookie, { origin: 'https://evil.example' })
    expect(await crossSite.opened).toEqual({ ok: false, status: 403 })
    const sameSite = openRawSocket(url(), cookie, { origin: server.url })
    expect(await sameSite.opened).toEqual({ ok: true })
    sameSite.socket.close()
  })
})

describe('read-only connections and authorship', () => {
  it('closes a reader that changes the document with 4403 and stores nothing', async () => {
    const observer = connectClient(server.wsUrl, ROOM, await login(server.url, 'observateur@demo.test'))
    await observer.synced
    const before = await storedRows()
    observer.doc.getMap('meta').set('title', 'Vandalisé')
    await eventually(() => expect(observer.closeCodes).toContain(CloseCode.forbidden))
    observer.destroy()
    expect(await storedRows()).toEqual(before)
    expect(honestB.doc.getMap('meta').get('title')).not.toBe('Vandalisé')
    expect(server.concerto.rooms.get(ROOM)!.doc.getMap('meta').get('title')).not.toBe('Vandalisé')
  })

  it('keeps a reader that edits nothing connected, with live updates', async () => {
    const observer = connectClient(server.wsUrl, ROOM, await login(server.url, 'observateur@demo.test'))
    await observer.synced
    const marker = `live-${Date.now()}`
    honestA.doc.getArray<string>('markers').push([marker])
    await eventually(() => expect(observer.doc.getArray<string>('markers').toArray()).toContain(marker))
    await sleep(100)
    expect(observer.closeCodes).toEqual([])
    observer.destroy()
  })

  it('refuses an update carrying another user’s client id', async () => {
    // A stock client changes its id when it sees it used, so forge on a raw
    // socket: continue the medecin's client id from its current clock.
    const room = server.concerto.rooms.get(ROOM)!
    const forged = new Y.Doc()
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(room.doc))
    const before = Y.encodeStateVector(forged)
    forged.clientID = honestA.doc.clientID
    forged.getArray<string>('markers').push(['forged'])
    const stored = await storedRows()
    const nurse = await login(server.url, 'infirmier@demo.test')
    const closed = await sendAndClose((socket) => socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forged, before))), nurse)
    expect(closed.code).toBe(CloseCode.forbidden)
    expect(await storedRows()).toEqual(stored)
    expect(room.doc.getArray('markers').toArray()).not.toContain('forged')
  })

  it('ignores awareness that names another user without closing the sender', async () => {
    const forger = connectClient(server.wsUrl, ROOM, await login(server.url, 'social@demo.test'))
    await forger.synced
    forger.provider.awareness.setLocalStateField('user', { id: 'user-medecin', name: 'Faux médecin', role: 'professional', color: '#000' })
    honestA.provider.awareness.setLocalStateField('user', { id: 'user-medecin', name: 'Dr Paul Lefèvre', role: 'professional', color: '#1d4ed8' })
    await eventually(() =>
      expect([...honestB.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'Dr Paul Lefèvre')).toBe(true),
    )
    await sleep(200)
    const names = [...honestB.provider.awareness.getStates().values()].map((s) => (s.user as { name?: string } | undefined)?.name)
    expect(names).not.toContain('Faux médecin')
    expect(forger.closeCodes).toEqual([])
    forger.destroy()
  })
})
