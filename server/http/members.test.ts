import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, openRawSocket, sleep, type TestClient } from '../../test/helpers/clients.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'

let server: TestServer
const clients: TestClient[] = []
const connect = (room: string, cookie: string) => {
  const client = connectClient(server.wsUrl, room, cookie)
  clients.push(client)
  return client
}
const api = (path: string, cookie: string | null, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...(init.headers ?? {}) } })
const post = (path: string, cookie: string, body: unknown = {}) => api(path, cookie, { method: 'POST', body: JSON.stringify(body) })
const patch = (path: string, cookie: string, body: unknown) => api(path, cookie, { method: 'PATCH', body: JSON.stringify(body) })

interface Member { id: string; userId: string | null; name: string; role: string; sector: string | null; careTeam: boolean; hasAccount: boolean }
interface Detail { role: string; status: string; access: Record<string, string>; coordinator: { memberId: string; name: string } | null; members: Member[] }
const detail = async (id: string, cookie: string) => (await (await api(`/api/situations/${id}`, cookie)).json()) as Detail
const members = async (id: string, cookie: string) => (await (await api(`/api/situations/${id}/members`, cookie)).json()) as Member[]
const audit = async (id: string, cookie: string) =>
  (await (await api(`/api/situations/${id}/audit`, cookie)).json()) as { action: string; userId: string; target: string | null; detail: Record<string, unknown> }[]
/** The mode the server gave a user's live connection to a document, if connected. */
const liveMode = (docName: string, userId: string) =>
  server.concerto.rooms
    .connections()
    .filter((c) => `${c.principal.situationId}/${c.principal.part}` === docName && c.principal.userId === userId)
    .map((c) => c.principal.access)
const createSituation = async (cookie: string, title: string) => {
  const response = await post('/api/situations', cookie, { title, kind: 'ppcs', personName: 'Personne Test' })
  expect(response.status).toBe(201)
  return (await response.json()) as { id: string; title: string; role: string; status: string }
}

let coordination: string
let medecin: string
let infirmier: string

beforeAll(async () => {
  server = await startTestServer()
  coordination = await login(server.url, 'coordination@demo.test')
  medecin = await login(server.url, 'medecin@demo.test')
  infirmier = await login(server.url, 'infirmier@demo.test')
})
afterAll(async () => {
  for (const client of clients) client.destroy()
  await server.dispose()
})

describe('creating a situation', () => {
  it('makes the creator its coordinator, with the documents and their fixed types created by the server, and hides it from others', async () => {
    const created = await createSituation(medecin, 'Monsieur Nouveau')
    expect(created).toMatchObject({ title: 'Monsieur Nouveau', role: 'coordinator', status: 'open' })
    expect(created.id).toMatch(/^[A-Za-z0-9_-]+$/)

    const list = (await (await api('/api/situations', medecin)).json()) as { id: string; role: string }[]
    expect(list).toContainEqual(expect.objectContaining({ id: created.id, role: 'coordinator' }))
    const shown = await detail(created.id, medecin)
    expect(shown.role).toBe('coordinator')
    expect(shown.access).toEqual({ plan: 'write', health: 'write', person: 'read' })
    expect(shown.members).toEqual([expect.objectContaining({ userId: 'user-medecin', role: 'coordinator' })])
    expect(shown.coordinator?.memberId).toBe(shown.members[0]!.id)
    // Coordinator rights: inviting works at once.
    expect((await post(`/api/situations/${created.id}/invitations`, medecin, { role: 'relative', name: 'Fille', login: 'fille.nouveau' })).status).toBe(201)

    const plan = connect(`${created.id}/plan`, medecin)
    await plan.synced
    expect(plan.doc.getMap('meta').get('title')).toBe('Monsieur Nouveau')
    const assessment = plan.doc.getMap('assessment')
    expect([...assessment.keys()].sort()).toEqual(['autonomy', 'caregivers', 'environment', 'health', 'participation'])
    for (const fragment of assessment.values()) expect(fragment).toBeInstanceOf(Y.XmlFragment)
    expect(liveMode(`${created.id}/plan`, 'user-medecin')).toEqual(['write'])

    expect((await api(`/api/situations/${created.id}`, infirmier)).status).toBe(404)
    const outsider = openRawSocket(`${server.wsUrl}/sync/${created.id}/plan`, infirmier)
    expect(await outsider.opened).toEqual({ ok: false, status: 404 })
  })

  it('refuses a situation without a title, and without a session', async () => {
    const missing = await post('/api/situations', medecin, { kind: 'ppcs' })
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as { field: string }).field).toBe('title')
    expect((await api('/api/situations', null, { method: 'POST', body: JSON.stringify({ title: 'X', kind: 'pag' }) })).status).toBe(401)
  })
})

describe('members added, changed and removed', () => {
  it('gives an added member the rights of their role and sector, follows each change live, and logs it', async () => {
    const { id } = await createSituation(coordination, 'Madame Cercle')
    expect((await post(`/api/situations/${id}/members`, infirmier, { name: 'Sophie Durand', role: 'professional', email: 'infirmier@demo.test' })).status).toBe(404)
    // An address without an account gets an invitation; the answer is the same as for a known one (issue 14).
    const unknown = await post(`/api/situations/${id}/members`, coordination, { name: 'X', role: 'professional', email: 'nobody@demo.test' })
    expect(unknown.status).toBe(202)

    const added = await post(`/api/situations/${id}/members`, coordination, { name: 'Sophie Durand', role: 'professional', sector: 'social', email: 'infirmier@demo.test', mission: 'Visites' })
    expect(added.status).toBe(202)
    const nurse = (await members(id, coordination)).find((m) => m.userId === 'user-infirmier')!
    expect(nurse).toMatchObject({ userId: 'user-infirmier', role: 'professional', sector: 'social', careTeam: false, hasAccount: true })
    // Adding her again changes nothing, behind the same answer.
    expect((await post(`/api/situations/${id}/members`, coordination, { name: 'Encore', role: 'observer', email: 'infirmier@demo.test' })).status).toBe(202)
    expect((await members(id, coordination)).filter((m) => m.userId === 'user-infirmier')).toHaveLength(1)
    // A member never manages the circle.
    expect((await post(`/api/situations/${id}/members`, infirmier, { name: 'Y', role: 'observer' })).status).toBe(403)
    expect((await detail(id, infirmier)).access).toEqual({ plan: 'write', health: 'none', person: 'read' })
    expect(await openRawSocket(`${server.wsUrl}/sync/${id}/health`, infirmier).opened).toEqual({ ok: false, status: 404 })

    // Into the care team: the health part opens.
    const changed = await patch(`/api/situations/${id}/members/${nurse.id}`, coordination, { sector: 'health' })
    expect(changed.status).toBe(200)
    expect(await changed.json()).toMatchObject({ sector: 'health', careTeam: true })
    expect((await detail(id, infirmier)).access).toEqual({ plan: 'write', health: 'write', person: 'read' })

    // Down to observer: the live writer is told to reconnect, and comes back read-only.
    const live = connect(`${id}/plan`, infirmier)
    await live.synced
    expect(liveMode(`${id}/plan`, 'user-infirmier')).toEqual(['write'])
    expect((await patch(`/api/situations/${id}/members/${nurse.id}`, coordination, { role: 'observer' })).status).toBe(200)
    await eventually(() => expect(live.closeCodes).toContain(CloseCode.accessChanged), { timeoutMs: 3000 })
    await eventually(() => expect(liveMode(`${id}/plan`, 'user-infirmier')).toEqual(['read']), { timeoutMs: 5000 })
    expect((await detail(id, infirmier)).access).toEqual({ plan: 'read', health: 'none', person: 'none' })

    // Removed: the socket closes and the situation is gone for her.
    expect((await api(`/api/situations/${id}/members/${nurse.id}`, coordination, { method: 'DELETE' })).status).toBe(204)
    await eventually(() => expect(live.closeCodes).toContain(CloseCode.accessRevoked), { timeoutMs: 3000 })
    expect((await api(`/api/situations/${id}`, infirmier)).status).toBe(404)
    expect((await members(id, coordination)).map((m) => m.userId)).not.toContain('user-infirmier')
    expect((await api(`/api/situations/${id}/members/${nurse.id}`, coordination, { method: 'DELETE' })).status).toBe(404)

    const trail = await audit(id, coordination)
    for (const action of ['member.add', 'member.update', 'member.remove']) {
      expect(trail).toContainEqual(expect.objectContaining({ action, userId: 'user-coordination', target: nurse.id }))
    }
  })

  it('lists a circle member without an account with the same fields', async () => {
    const { id } = await createSituation(coordination, 'Madame Sans Compte')
    const added = await post(`/api/situations/${id}/members`, coordination, { name: 'Mairie', role: 'professional', sector: 'mainstream', organisation: 'Service logement', mission: 'Logement accompagné' })
    expect(added.status).toBe(201)
    expect(await added.json()).toMatchObject({ userId: null, hasAccount: false, organisation: 'Service logement', mission: 'Logement accompagné', careTeam: false })
    expect((await members(id, coordination)).map((m) => m.name)).toContain('Mairie')
  })

  it('never leaves a situation without a coordinator: the only one cannot be removed or changed into another role', async () => {
    const { id } = await createSituation(coordination, 'Monsieur Seul')
    const [me] = await members(id, coordination)
    expect((await api(`/api/situations/${id}/members/${me!.id}`, coordination, { method: 'DELETE' })).status).toBe(409)
    const demoted = await patch(`/api/situations/${id}/members/${me!.id}`, coordination, { role: 'professional' })
    expect(demoted.status).toBe(400)
    expect((await detail(id, coordination)).role).toBe('coordinator')
    expect((await post(`/api/situations/${id}/members`, coordination, { name: 'Z', role: 'observer' })).status).toBe(201)
  })
})

describe('coordinator handover', () => {
  it('hands coordination to a professional: logged, the previous coordinator stays as a professional, the new one gets the coordinator’s rights', async () => {
    const { id } = await createSituation(coordination, 'Madame Relais')
    expect((await post(`/api/situations/${id}/members`, coordination, { name: 'Dr Paul Lefèvre', role: 'professional', sector: 'health', email: 'medecin@demo.test' })).status).toBe(202)
    const gp = (await members(id, coordination)).find((m) => m.userId === 'user-medecin')!
    const circle = (await (await post(`/api/situations/${id}/members`, coordination, { name: 'Pharmacie', role: 'professional', sector: 'health' })).json()) as Member
    const relative = (await (await post(`/api/situations/${id}/members`, coordination, { name: 'Fils', role: 'relative' })).json()) as Member
    expect((await post(`/api/situations/${id}/invitations`, medecin, { role: 'relative', name: 'X', login: 'x.relais' })).status).toBe(403)
    expect((await post(`/api/situations/${id}/handover`, medecin, { memberId: gp.id })).status).toBe(403)
    expect((await post(`/api/situations/${id}/handover`, coordination, { memberId: circle.id })).status).toBe(400)
    expect((await post(`/api/situations/${id}/handover`, coordination, { memberId: relative.id })).status).toBe(400)

    const plan = connect(`${id}/plan`, medecin)
    await plan.synced
    const handed = await post(`/api/situations/${id}/handover`, coordination, { memberId: gp.id, note: 'Retour à domicile' })
    expect(handed.status).toBe(200)
    expect(await handed.json()).toMatchObject({ id: gp.id, role: 'coordinator' })

    const after = await members(id, medecin)
    expect(after.filter((m) => m.role === 'coordinator').map((m) => m.userId)).toEqual(['user-medecin'])
    expect(after.find((m) => m.userId === 'user-coordination')?.role).toBe('professional')
    expect((await detail(id, medecin)).coordinator?.memberId).toBe(gp.id)
    // The display copy in the live plan follows the record.
    await eventually(() => expect(plan.doc.getMap('meta').get('coordinatorId')).toBe(gp.id))

    // The new coordinator manages the situation; the previous one no longer does.
    expect((await post(`/api/situations/${id}/invitations`, medecin, { role: 'relative', name: 'Fille', login: 'fille.relais' })).status).toBe(201)
    expect((await post(`/api/situations/${id}/members`, coordination, { name: 'W', role: 'observer' })).status).toBe(403)
    expect((await post(`/api/situations/${id}/close`, coordination)).status).toBe(403)
    expect((await api(`/api/situations/${id}/audit`, coordination)).status).toBe(403)
    expect((await detail(id, coordination)).access.plan).toBe('write')

    const trail = await audit(id, medecin)
    expect(trail).toContainEqual(
      expect.objectContaining({ action: 'coordinator.handover', userId: 'user-coordination', target: gp.id, detail: { note: 'Retour à domicile' } }),
    )
  })
})

describe('closing and reopening a situation', () => {
  it('keeps a closed situation readable but no longer written, live and over HTTP, until it is reopened', async () => {
    const { id } = await createSituation(coordination, 'Madame Clôture')
    await post(`/api/situations/${id}/members`, coordination, { name: 'Sophie Durand', role: 'professional', sector: 'health', email: 'infirmier@demo.test' })
    const writer = connect(`${id}/plan`, infirmier)
    await writer.synced
    writer.doc.getMap('meta').set('title', 'Avant clôture')
    await eventually(() => expect(server.concerto.rooms.get(`${id}/plan`)!.doc.getMap('meta').get('title')).toBe('Avant clôture'))

    expect((await post(`/api/situations/${id}/close`, infirmier)).status).toBe(403)
    const closed = await post(`/api/situations/${id}/close`, coordination)
    expect(closed.status).toBe(200)
    expect(await closed.json()).toEqual({ id, status: 'closed' })
    await eventually(() => expect(writer.closeCodes).toContain(CloseCode.accessChanged), { timeoutMs: 3000 })
    await eventually(() => expect(liveMode(`${id}/plan`, 'user-infirmier')).toEqual(['read']), { timeoutMs: 5000 })
    expect((await detail(id, infirmier)).access).toEqual({ plan: 'read', health: 'read', person: 'read' })
    expect((await detail(id, coordination)).access).toEqual({ plan: 'read', health: 'read', person: 'read' })
    const list = (await (await api('/api/situations', infirmier)).json()) as { id: string; status: string }[]
    expect(list).toContainEqual(expect.objectContaining({ id, status: 'closed' }))
    // No new people are invited into a closed situation.
    expect((await post(`/api/situations/${id}/invitations`, coordination, { role: 'relative', name: 'Fils', login: 'fils.cloture' })).status).toBe(403)

    // A write on the read-only reconnection is refused and kept nowhere.
    await eventually(() => expect(writer.provider.synced).toBe(true))
    writer.doc.getMap('meta').set('title', 'Après clôture')
    await eventually(() => expect(writer.closeCodes).toContain(CloseCode.forbidden), { timeoutMs: 3000 })
    await sleep(100)
    expect(server.concerto.rooms.get(`${id}/plan`)?.doc.getMap('meta').get('title') ?? 'Avant clôture').toBe('Avant clôture')

    const reopened = await post(`/api/situations/${id}/reopen`, coordination)
    expect(reopened.status).toBe(200)
    expect(await reopened.json()).toEqual({ id, status: 'open' })
    expect((await detail(id, infirmier)).access.plan).toBe('write')
    const again = connect(`${id}/plan`, infirmier)
    await again.synced
    expect(again.doc.getMap('meta').get('title')).toBe('Avant clôture')
    again.doc.getMap('meta').set('title', 'Rouvert')
    await eventually(() => expect(server.concerto.rooms.get(`${id}/plan`)!.doc.getMap('meta').get('title')).toBe('Rouvert'))
    expect(again.closeCodes).toEqual([])

    const trail = await audit(id, coordination)
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['situation.close', 'situation.reopen']))
  })
})
