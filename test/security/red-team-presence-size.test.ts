import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { Budgets, OVER_BUDGET_REASON } from '../../shared/protocol/limits.ts'
import { planRoots } from '../../shared/schema/plan.ts'
import { encodeAwarenessEntries, encodeAwarenessMessage, encodeSyncUpdate, type AwarenessEntry } from '../../server/sync/frame.ts'
import { connectClient, eventually, login, openRawSocket, sleep, type TestClient } from '../helpers/clients.ts'
import { startTestServer, type TestServer } from '../helpers/in-process.ts'
import { expectRefused, randomClientId, scene, storedDoc, type Scene } from './red-team.ts'
import { keyOf } from '../helpers/document-key.ts'

/**
 * Issue 13, point 5: presence and size. Budgets are in
 * shared/protocol/limits.ts; over a budget the sender is closed with 4422
 * and a reason beginning "over budget", and nothing reaches the others.
 */
const ROOM = 'monsieur-x/plan'

let stage: Scene | null = null
const servers: TestServer[] = []
const clients: TestClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await stage?.cleanup()
  stage = null
  for (const server of servers.splice(0)) await server.dispose()
})

const presence = (id: string, extra: Record<string, unknown> = {}) => ({ user: { id, name: 'x', role: 'observer', color: '#000' }, ...extra })
const awarenessFrame = (entries: AwarenessEntry[]) => encodeAwarenessMessage(encodeAwarenessEntries(entries))
/** Close reasons a stock client heard (the banner explains "over budget" as too large). */
const reasonsOf = (client: TestClient): string[] => {
  const reasons: string[] = []
  client.provider.on('connection-close', (event) => {
    if (event) reasons.push(event.reason)
  })
  return reasons
}
const assessmentText = (doc: Y.Doc, domain = 'participation') => planRoots(doc).assessment.get(domain)!.toString()

/** Appends one paragraph of `size` characters to an assessment fragment, as one update. */
const writeParagraph = (doc: Y.Doc, text: string, domain = 'participation') => {
  const paragraph = new Y.XmlElement('paragraph')
  doc.transact(() => {
    planRoots(doc).assessment.get(domain)!.push([paragraph])
    paragraph.insert(0, [new Y.XmlText(text)])
  })
}

describe('presence budgets', () => {
  it('budget:awareness-frame-bytes: a 7 MB awareness frame claiming 500 client ids is refused and reaches nobody', async () => {
    stage = await scene(ROOM, 'medecin@demo.test', 'infirmier@demo.test')
    const observer = await login(stage.server.url, 'observateur@demo.test')
    const raw = openRawSocket(`${stage.server.wsUrl}/sync/${ROOM}`, observer)
    expect(await raw.opened).toEqual({ ok: true })
    const ids = Array.from({ length: 500 }, () => randomClientId())
    const frame = awarenessFrame(ids.map((clientId) => ({ clientId, clock: 1, state: presence('user-observateur', { pad: 'x'.repeat(14_000) }) })))
    expect(frame.byteLength).toBeGreaterThan(7_000_000)
    raw.socket.send(frame)
    const closed = await raw.closed
    expect(closed.code).toBe(CloseCode.updateRejected)
    expect(closed.reason.startsWith(OVER_BUDGET_REASON)).toBe(true)
    await sleep(200)
    for (const client of [stage.attacker, stage.witness]) {
      expect([...client.provider.awareness.getStates().keys()].filter((id) => ids.includes(id))).toEqual([])
      expect(client.closeCodes).toEqual([])
    }
    // The refusal's audit row is appended without holding up the close (docs/decisions/018): read once it has landed.
    const refusal = await eventually(async () => {
      const found = (await stage!.server.concerto.audit.forSituation('monsieur-x')).find((event) => event.action === 'sync.refused')
      expect(found).toBeDefined()
      return found
    })
    expect(refusal?.detail).toMatchObject({ rule: 'budget:awareness-frame-bytes', code: CloseCode.updateRejected })
  }, 30_000)

  it('awareness-clients-per-connection: of 100 client ids in one small frame, the others see at most one', async () => {
    stage = await scene(ROOM, 'medecin@demo.test', 'infirmier@demo.test')
    const observer = await login(stage.server.url, 'observateur@demo.test')
    const raw = openRawSocket(`${stage.server.wsUrl}/sync/${ROOM}`, observer)
    expect(await raw.opened).toEqual({ ok: true })
    const ids = Array.from({ length: 100 }, () => randomClientId())
    const frame = awarenessFrame(ids.map((clientId) => ({ clientId, clock: 1, state: presence('user-observateur') })))
    expect(frame.byteLength).toBeLessThan(Budgets.awarenessFrameBytes)
    raw.socket.send(frame)
    await eventually(() => expect([...stage!.witness.provider.awareness.getStates().keys()].filter((id) => ids.includes(id))).toHaveLength(1))
    await sleep(200)
    expect([...stage.witness.provider.awareness.getStates().keys()].filter((id) => ids.includes(id))).toHaveLength(1)
    raw.socket.close()
  }, 30_000)

  it('client-id-binding: a user cannot take over another user’s presence whose client id is not bound yet', async () => {
    stage = await scene(ROOM, 'medecin@demo.test', 'infirmier@demo.test')
    const { attacker: doctor, witness } = stage
    // The doctor shows presence and has not edited: her client id is bound to nobody.
    doctor.provider.awareness.setLocalState(presence('user-medecin'))
    const taken = doctor.doc.clientID
    expect(stage.server.concerto.bindings.owner(keyOf(ROOM), taken)).toBeUndefined()
    await eventually(() => expect((witness.provider.awareness.getStates().get(taken)?.user as { id: string }).id).toBe('user-medecin'))
    const coordinator = await login(stage.server.url, 'coordination@demo.test')
    const raw = openRawSocket(`${stage.server.wsUrl}/sync/${ROOM}`, coordinator)
    expect(await raw.opened).toEqual({ ok: true })
    raw.socket.send(awarenessFrame([{ clientId: taken, clock: 10_000, state: presence('user-coordination') }]))
    await sleep(300)
    expect((witness.provider.awareness.getStates().get(taken)?.user as { id: string }).id).toBe('user-medecin')
    // Editing with that client id is refused as well (bind or refuse consistently).
    const forger = new Y.Doc()
    forger.clientID = taken
    forger.getText('scratch').insert(0, 'usurpé')
    raw.socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forger)))
    expect((await raw.closed).code).toBe(CloseCode.forbidden)
    expect(stage.server.concerto.bindings.owner(keyOf(ROOM), taken)).toBeUndefined()
    expect(witness.doc.getText('scratch').toString()).toBe('')
    // The refusal's audit row is appended without holding up the close (docs/decisions/018): read once it has landed.
    const refusal = await eventually(async () => {
      const found = (await stage!.server.concerto.audit.forSituation('monsieur-x')).find((event) => event.action === 'sync.refused')
      expect(found).toBeDefined()
      return found
    })
    expect(refusal?.detail).toMatchObject({ rule: 'client-id-binding', code: CloseCode.forbidden })
  }, 30_000)
})

describe('size budgets', () => {
  it('budget:update-bytes: a 300 KB assessment written by a professional is accepted, and kept after a restart', async () => {
    stage = await scene(ROOM, 'medecin@demo.test', 'infirmier@demo.test')
    const text = `Évaluation longue. ${'Le patient marche avec une canne. '.repeat(9_000)}`.slice(0, 300_000)
    writeParagraph(stage.attacker.doc, text)
    await eventually(() => expect(assessmentText(stage!.witness.doc)).toContain(text.slice(-200)), { timeoutMs: 10_000 })
    expect(stage.attacker.closeCodes).toEqual([])
    const stored = await storedDoc(stage.server, ROOM)
    expect(assessmentText(stored)).toContain(text.slice(-200))
    stored.destroy()
    stage.attacker.destroy()
    stage.witness.destroy()
    await stage.server.stop()
    const again = await startTestServer({ dataDir: stage.server.dataDir })
    servers.push(again)
    const fresh = connectClient(again.wsUrl, ROOM, await login(again.url, 'coordination@demo.test'))
    clients.push(fresh)
    await fresh.synced
    expect(assessmentText(fresh.doc)).toContain(text.slice(-200))
  }, 30_000)

  it('budget:update-bytes: a 5 MB assessment is refused whole with a clear reason, stored nowhere, seen by nobody', async () => {
    stage = await scene(ROOM, 'medecin@demo.test', 'infirmier@demo.test')
    const reasons = reasonsOf(stage.attacker)
    const before = assessmentText(stage.witness.doc)
    writeParagraph(stage.attacker.doc, 'y'.repeat(5 * 1024 * 1024))
    await expectRefused(stage, { code: CloseCode.updateRejected, rule: 'budget:update-bytes', read: (doc) => assessmentText(doc), before })
    expect(reasons.some((reason) => reason.startsWith(`${OVER_BUDGET_REASON}: update of`))).toBe(true)
  }, 60_000)

  it('budget:update-bytes: a 3.4 MB update does not stall the server for the others', async () => {
    stage = await scene(ROOM, 'medecin@demo.test', 'infirmier@demo.test')
    const started = performance.now()
    writeParagraph(stage.attacker.doc, 'z'.repeat(3_400_000))
    const health = await fetch(`${stage.server.url}/healthz`)
    expect(health.status).toBe(200)
    await eventually(() => expect(stage!.attacker.closeCodes).toContain(CloseCode.updateRejected))
    expect(performance.now() - started).toBeLessThan(2_000)
    // A later join does not download it.
    const late = connectClient(stage.server.wsUrl, ROOM, await login(stage.server.url, 'coordination@demo.test'))
    clients.push(late)
    await late.synced
    expect(assessmentText(late.doc)).not.toContain('zzzz')
    expect(Y.encodeStateAsUpdate(late.doc).byteLength).toBeLessThan(1_000_000)
  }, 30_000)

  it('budget:sockets-per-user: one user cannot open more sockets than the budget', async () => {
    const server = await startTestServer()
    servers.push(server)
    const cookie = await login(server.url, 'observateur@demo.test')
    const sockets = Array.from({ length: Budgets.socketsPerUser + 8 }, () => openRawSocket(`${server.wsUrl}/sync/${ROOM}`, cookie))
    await Promise.all(sockets.map((socket) => socket.opened))
    const closes = await Promise.all(
      sockets.map((socket) => Promise.race([socket.closed, sleep(1_500).then(() => null)])),
    )
    const refused = closes.filter((close) => close?.code === CloseCode.rateLimited)
    expect(refused).toHaveLength(8)
    expect(refused[0]!.reason.startsWith(OVER_BUDGET_REASON)).toBe(true)
    expect(server.concerto.rooms.socketsOf('user-observateur')).toBe(Budgets.socketsPerUser)
    await eventually(async () => {
      const audited = (await server.concerto.audit.forSituation('monsieur-x')).filter((event) => event.action === 'sync.refused')
      expect(audited.map((event) => event.detail.rule)).toEqual(Array(8).fill('budget:sockets-per-user'))
    })
    for (const socket of sockets) socket.socket.close()
    await eventually(() => expect(server.concerto.rooms.socketsOf('user-observateur')).toBe(0))
    // Once closed, the user connects again.
    const again = connectClient(server.wsUrl, ROOM, cookie)
    clients.push(again)
    await again.synced
  }, 30_000)
})

describe('refused frames are audited too', () => {
  it('well-formed: a frame that is not y-websocket closes its sender with 4400 and is audited once, with its rule', async () => {
    const server = await startTestServer()
    servers.push(server)
    const cookie = await login(server.url, 'medecin@demo.test')
    const raw = openRawSocket(`${server.wsUrl}/sync/${ROOM}`, cookie)
    expect(await raw.opened).toEqual({ ok: true })
    raw.socket.send(new Uint8Array([7, 7, 7]))
    expect((await raw.closed).code).toBe(CloseCode.badFrame)
    await eventually(async () => {
      const refusals = (await server.concerto.audit.forSituation('monsieur-x')).filter((event) => event.action === 'sync.refused')
      expect(refusals.map((event) => event.detail)).toEqual([{ rule: 'well-formed', code: CloseCode.badFrame, mode: 'write' }])
    })
  }, 30_000)
})
