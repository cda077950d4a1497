import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

const person = { name: 'Madame Lina Test', birthDate: '1950-04-02', address: '3 rue des Lilas, Tours', phone: '06 00 00 00 00', trustedPerson: { name: 'Paul Test', contact: '06 11' }, legalProtection: 'curatelle', generalPractitioner: { name: 'Dr Blanc', contact: 'cabinet' } }
const request = {
  requesterKind: 'professional',
  requesterName: 'Infirmière Libérale',
  requesterOrganisation: 'Cabinet infirmier',
  requesterContact: '02 47 00 00 00',
  person,
  reason: 'Chutes répétées, isolement',
  urgency: 'soon',
  personInformed: true,
  personAgrees: 'yes',
  consentHow: 'par téléphone',
  level: 3,
  territory: '37261',
}

describe('intake: a request for support becomes a situation, is redirected or answered', () => {
  let concerto: TestApp
  let coordinator: string
  let gp: string
  beforeAll(async () => {
    concerto = await createTestApp()
    coordinator = await loginCookie(concerto.app, 'coordination@demo.test')
    gp = await loginCookie(concerto.app, 'medecin@demo.test')
  })
  afterAll(() => concerto.dispose())

  const call = (cookie: string, method: string, path: string, body?: unknown) =>
    concerto.app.request(path, { method, headers: { 'content-type': 'application/json', cookie }, body: body === undefined ? undefined : JSON.stringify(body) })
  const json = async <T = Record<string, unknown>>(response: Response | Promise<Response>) => (await (await response).json()) as T

  it('records a request from any professional, who sees only theirs, while coordinators see all', async () => {
    const created = await call(gp, 'POST', '/api/requests', { ...request, requesterIsMe: true, requesterName: 'Dr Médecin' })
    expect(created.status).toBe(201)
    const mine = await json<{ id: string; status: string; canDecide: boolean }>(created)
    expect(mine).toMatchObject({ status: 'waiting', canDecide: false })
    const byCoordinator = await json<{ id: string }>(call(coordinator, 'POST', '/api/requests', request))
    const gpList = await json<{ id: string }[]>(call(gp, 'GET', '/api/requests'))
    expect(gpList.map((r) => r.id)).toEqual([mine.id])
    const all = await json<{ id: string; canDecide: boolean }[]>(call(coordinator, 'GET', '/api/requests'))
    expect(all.map((r) => r.id)).toEqual(expect.arrayContaining([mine.id, byCoordinator.id]))
    expect(all.every((r) => r.canDecide)).toBe(true)
    expect((await call(gp, 'GET', `/api/requests/${byCoordinator.id}`)).status).toBe(404)
    expect((await call(gp, 'POST', `/api/requests/${mine.id}/accept`, { kind: 'ppcs', level: 3 })).status).toBe(403)
  })

  it('refuses a request without the reason or with a level outside 1 to 4, naming the field', async () => {
    const missing = await call(coordinator, 'POST', '/api/requests', { ...request, reason: '' })
    expect(missing.status).toBe(400)
    expect((await json(missing)).field).toBe('reason')
    expect((await call(coordinator, 'POST', '/api/requests', { ...request, level: 5 })).status).toBe(400)
  })

  it('accepting opens a situation with its kind, level and territory, the identity in part 1 and the requester in the circle', async () => {
    const { id } = await json<{ id: string }>(call(coordinator, 'POST', '/api/requests', request))
    const accepted = await call(coordinator, 'POST', `/api/requests/${id}/accept`, { kind: 'ppcs', level: 3, territory: '37261' })
    expect(accepted.status).toBe(201)
    const { situationId } = await json<{ situationId: string }>(accepted)
    const situation = await json<{ kind: string; level: number; territory: string; role: string; members: { name: string; role: string; userId: string | null; organisation: string }[] }>(call(coordinator, 'GET', `/api/situations/${situationId}`))
    expect(situation).toMatchObject({ kind: 'ppcs', level: 3, territory: '37261', role: 'coordinator' })
    expect(situation.members).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Infirmière Libérale', role: 'professional', userId: null, organisation: 'Cabinet infirmier' })]))
    const identity = await json<{ identity: { name: string; legalProtection: string; birthDate: string } }>(call(coordinator, 'GET', `/api/situations/${situationId}/identity`))
    expect(identity.identity).toMatchObject({ name: 'Madame Lina Test', legalProtection: 'curatelle', birthDate: '1950-04-02' })
    const timeline = await json<{ title: string }[]>(call(coordinator, 'GET', `/api/situations/${situationId}/timeline`))
    expect(timeline.map((e) => e.title)).toContain('Niveau de réponse 3 : coordination')
    // Decided once.
    const again = await call(coordinator, 'POST', `/api/requests/${id}/accept`, { kind: 'ppcs', level: 3 })
    expect(again.status).toBe(409)
  })

  it('a redirected request keeps its reason and an answered one its answer, and neither opens a situation', async () => {
    const before = (await json<unknown[]>(call(coordinator, 'GET', '/api/situations'))).length
    const a = await json<{ id: string }>(call(coordinator, 'POST', '/api/requests', request))
    const redirected = await json(call(coordinator, 'POST', `/api/requests/${a.id}/redirect`, { to: 'CLIC du Nord', reason: 'hors territoire' }))
    expect(redirected).toMatchObject({ status: 'redirected', redirectedTo: 'CLIC du Nord', decisionNote: 'hors territoire', situationId: null })
    const b = await json<{ id: string }>(call(coordinator, 'POST', '/api/requests', request))
    const answered = await json(call(coordinator, 'POST', `/api/requests/${b.id}/answer`, { answer: 'Orientée vers le SSIAD' }))
    expect(answered).toMatchObject({ status: 'answered', level: 1, decisionNote: 'Orientée vers le SSIAD' })
    expect((await call(coordinator, 'POST', `/api/requests/${b.id}/redirect`, { to: 'x', reason: 'y' })).status).toBe(409)
    expect((await json<unknown[]>(call(coordinator, 'GET', '/api/situations'))).length).toBe(before)
  })

  it('the level changes over time by the coordinator only, each change on the life line', async () => {
    const { id } = await json<{ id: string }>(call(coordinator, 'POST', '/api/requests', request))
    const { situationId } = await json<{ situationId: string }>(call(coordinator, 'POST', `/api/requests/${id}/accept`, { kind: 'pps', level: 2 }))
    await call(coordinator, 'POST', `/api/situations/${situationId}/members`, { name: 'Dr Médecin', role: 'professional', sector: 'health', email: 'medecin@demo.test' })
    expect((await call(gp, 'POST', `/api/situations/${situationId}/level`, { level: 4 })).status).toBe(403)
    expect((await call(coordinator, 'POST', `/api/situations/${situationId}/level`, { level: 4 })).status).toBe(200)
    expect((await call(coordinator, 'POST', `/api/situations/${situationId}/level`, { level: 7 })).status).toBe(400)
    expect(await json(call(coordinator, 'GET', `/api/situations/${situationId}`))).toMatchObject({ level: 4 })
    const titles = (await json<{ title: string }[]>(call(gp, 'GET', `/api/situations/${situationId}/timeline`))).map((e) => e.title)
    expect(titles).toEqual(expect.arrayContaining(['Niveau de réponse 2 : appui ponctuel au professionnel', 'Niveau de réponse 4 : gestion de cas intensive']))
  })

  it('the identity is read by members who read the circle and written by the coordinator only, each read audited', async () => {
    const { id } = await json<{ id: string }>(call(coordinator, 'POST', '/api/requests', request))
    const { situationId } = await json<{ situationId: string }>(call(coordinator, 'POST', `/api/requests/${id}/accept`, { kind: 'pps', level: 2 }))
    await call(coordinator, 'POST', `/api/situations/${situationId}/members`, { name: 'Dr Médecin', role: 'professional', sector: 'health', email: 'medecin@demo.test' })
    expect((await call(gp, 'PUT', `/api/situations/${situationId}/identity`, { ...person, phone: '07' })).status).toBe(403)
    expect((await call(coordinator, 'PUT', `/api/situations/${situationId}/identity`, { ...person, name: 'Madame Lina Nouveau', phone: '07' })).status).toBe(200)
    const read = await json<{ identity: { phone: string; name: string } }>(call(gp, 'GET', `/api/situations/${situationId}/identity`))
    expect(read.identity).toMatchObject({ phone: '07', name: 'Madame Lina Nouveau' })
    const audit = await json<{ action: string; detail: Record<string, unknown> }[]>(call(coordinator, 'GET', `/api/situations/${situationId}/audit`))
    expect(audit.some((row) => row.action === 'identity.read')).toBe(true)
    const update = audit.find((row) => row.action === 'identity.update')!
    expect(update.detail.fields).toEqual(expect.arrayContaining(['name', 'phone']))
    expect(JSON.stringify(audit)).not.toContain('Lilas')
    // A stranger gets the same 404 as for an unknown id.
    const stranger = await loginCookie(concerto.app, 'observateur@demo.test')
    expect((await call(stranger, 'GET', `/api/situations/${situationId}/identity`)).status).toBe(404)
  })

  it('a new service’s intake desk (no situation yet) decides what it recorded for someone else, never its own request', async () => {
    const desk = await loginCookie(concerto.app, 'observateur@demo.test')
    const own = await json<{ id: string; canDecide: boolean }>(call(desk, 'POST', '/api/requests', { ...request, requesterIsMe: true }))
    expect(own.canDecide).toBe(false)
    const forSomeone = await json<{ id: string; canDecide: boolean }>(call(desk, 'POST', '/api/requests', request))
    expect(forSomeone.canDecide).toBe(true)
    const accepted = await call(desk, 'POST', `/api/requests/${forSomeone.id}/accept`, { kind: 'ppcs', level: 1 })
    expect(accepted.status).toBe(201)
    const { situationId } = await json<{ situationId: string }>(accepted)
    expect(await json(call(desk, 'GET', `/api/situations/${situationId}`))).toMatchObject({ role: 'coordinator', level: 1 })
  })
})
