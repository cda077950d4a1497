import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import { rowsOf, sql } from '../../test/helpers/rows.ts'

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

  it('the agreement collected with the request becomes the situation’s first consent record; an unknown one records nothing', async () => {
    const consentOf = async (body: Record<string, unknown>) => {
      const { id } = await json<{ id: string }>(call(coordinator, 'POST', '/api/requests', body))
      const { situationId } = await json<{ situationId: string }>(call(coordinator, 'POST', `/api/requests/${id}/accept`, { kind: 'pps', level: 2 }))
      return json<{ current: { status: string; how: string; givenByMember: string | null; comment: string } | null; objection: boolean }>(call(coordinator, 'GET', `/api/situations/${situationId}/consent`))
    }
    const agreed = await consentOf(request)
    expect(agreed.objection).toBe(false)
    expect(agreed.current).toMatchObject({ status: 'agreed', how: 'oral', givenByMember: null })
    expect(agreed.current!.comment).toContain('par téléphone')
    expect((await consentOf({ ...request, personAgrees: 'unknown', consentHow: '' })).current).toBeNull()
    expect((await consentOf({ ...request, personAgrees: 'no', consentHow: '' })).current).toBeNull()
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

  it('an account outside the service follows what it recorded for someone else, but never decides it (decision 016)', async () => {
    const desk = await loginCookie(concerto.app, 'observateur@demo.test')
    const own = await json<{ id: string; canDecide: boolean }>(call(desk, 'POST', '/api/requests', { ...request, requesterIsMe: true }))
    expect(own.canDecide).toBe(false)
    const forSomeone = await json<{ id: string; canDecide: boolean; serviceName: string }>(call(desk, 'POST', '/api/requests', request))
    expect(forSomeone).toMatchObject({ canDecide: false, serviceName: 'DAC Gironde' })
    expect((await call(desk, 'GET', `/api/requests/${forSomeone.id}`)).status).toBe(200)
    expect((await call(desk, 'POST', `/api/requests/${forSomeone.id}/accept`, { kind: 'ppcs', level: 1 })).status).toBe(403)
    // The service's coordinator decides it.
    expect((await call(coordinator, 'POST', `/api/requests/${forSomeone.id}/accept`, { kind: 'ppcs', level: 1 })).status).toBe(201)
  })
})

describe('services own their intake (issue 15, decision 016)', () => {
  let concerto: TestApp
  let coordinator: string
  let gp: string
  let social: string
  let observer: string
  let dacId: string
  let mdphId: string
  beforeAll(async () => {
    concerto = await createTestApp()
    coordinator = await loginCookie(concerto.app, 'coordination@demo.test')
    gp = await loginCookie(concerto.app, 'medecin@demo.test')
    social = await loginCookie(concerto.app, 'social@demo.test')
    observer = await loginCookie(concerto.app, 'observateur@demo.test')
    dacId = (await concerto.services.byName('DAC Gironde'))!.id
    // A second service: the observer account coordinates it, the nurse is its intake desk.
    mdphId = (await concerto.services.create({ name: 'MDPH 37', kind: 'mdph' })).id
    await concerto.services.setMember(mdphId, 'user-observateur', 'coordinator')
    await concerto.services.setMember(dacId, 'user-infirmier', 'intake')
  })
  afterAll(() => concerto.dispose())

  const call = (cookie: string, method: string, path: string, body?: unknown) =>
    concerto.app.request(path, { method, headers: { 'content-type': 'application/json', cookie }, body: body === undefined ? undefined : JSON.stringify(body) })
  const json = async <T = Record<string, unknown>>(response: Response | Promise<Response>) => (await (await response).json()) as T
  const ids = async (cookie: string) => (await json<{ id: string }[]>(call(cookie, 'GET', '/api/requests'))).map((r) => r.id)

  it('the request form lists every service by id, name and kind only, for signed-in users', async () => {
    const services = await json<Record<string, unknown>[]>(call(gp, 'GET', '/api/services'))
    expect(services).toEqual([
      { id: dacId, name: 'DAC Gironde', kind: 'dac' },
      { id: mdphId, name: 'MDPH 37', kind: 'mdph' },
    ])
    expect((await concerto.app.request('/api/services')).status).toBe(401)
  })

  it('a request must name its service once there are several, and an unknown service is refused', async () => {
    const missing = await call(gp, 'POST', '/api/requests', request)
    expect(missing.status).toBe(400)
    expect((await json(missing)).field).toBe('serviceId')
    const unknown = await call(gp, 'POST', '/api/requests', { ...request, serviceId: 'service-nope' })
    expect(unknown.status).toBe(400)
    expect((await json(unknown)).field).toBe('serviceId')
  })

  it('a professional who creates a situation of their own is refused a request recorded for another service', async () => {
    const own = await call(gp, 'POST', '/api/situations', { title: 'Monsieur Personnel', kind: 'pps' })
    expect(own.status).toBe(201)
    expect(await json(call(gp, 'GET', `/api/situations/${(await json<{ id: string }>(own)).id}`))).toMatchObject({ role: 'coordinator' })
    const recorded = await json<{ id: string }>(call(social, 'POST', '/api/requests', { ...request, serviceId: dacId }))
    expect(await ids(gp)).not.toContain(recorded.id)
    expect((await call(gp, 'GET', `/api/requests/${recorded.id}`)).status).toBe(404)
    expect((await call(gp, 'POST', `/api/requests/${recorded.id}/accept`, { kind: 'ppcs', level: 3 })).status).toBe(404)
    expect((await call(gp, 'POST', `/api/requests/${recorded.id}/redirect`, { to: 'CLIC', reason: 'x' })).status).toBe(404)
    expect((await call(gp, 'POST', `/api/requests/${recorded.id}/answer`, { answer: 'x' })).status).toBe(404)
    // Nor does coordinating another service open this one's requests.
    expect(await ids(observer)).not.toContain(recorded.id)
    expect((await call(observer, 'GET', `/api/requests/${recorded.id}`)).status).toBe(404)
  })

  it('"À faire" asks only the coordinators of the request’s service to examine it', async () => {
    const requestItems = async (cookie: string) =>
      (await json<{ kind: string }[]>(call(cookie, 'GET', '/api/me/todo'))).filter((item) => item.kind === 'request').length
    const before = { gp: await requestItems(gp), coordinator: await requestItems(coordinator), observer: await requestItems(observer) }
    await call(social, 'POST', '/api/requests', { ...request, serviceId: dacId })
    // The GP coordinates a situation of their own (test above): still no intake work for them.
    expect(await requestItems(gp)).toBe(0)
    expect(await requestItems(coordinator)).toBe(before.coordinator + 1)
    expect(await requestItems(observer)).toBe(before.observer)
    expect(before.gp).toBe(0)
  })

  it('a coordinator of the service sees and decides its requests, and the situation belongs to the service', async () => {
    const recorded = await json<{ id: string; serviceId: string; serviceName: string }>(call(social, 'POST', '/api/requests', { ...request, serviceId: dacId }))
    expect(recorded).toMatchObject({ serviceId: dacId, serviceName: 'DAC Gironde' })
    const list = await json<{ id: string; canDecide: boolean; serviceName: string }[]>(call(coordinator, 'GET', '/api/requests'))
    expect(list.find((r) => r.id === recorded.id)).toMatchObject({ canDecide: true, serviceName: 'DAC Gironde' })
    const accepted = await call(coordinator, 'POST', `/api/requests/${recorded.id}/accept`, { kind: 'ppcs', level: 3 })
    expect(accepted.status).toBe(201)
    const { situationId } = await json<{ situationId: string }>(accepted)
    expect(await concerto.services.serviceOfSituation(situationId)).toBe(dacId)
    // The service's intake desk reads its requests, never decides them.
    const other = await json<{ id: string }>(call(social, 'POST', '/api/requests', { ...request, serviceId: dacId }))
    const nurse = await loginCookie(concerto.app, 'infirmier@demo.test')
    expect(await ids(nurse)).toContain(other.id)
    expect(await json(call(nurse, 'GET', `/api/requests/${other.id}`))).toMatchObject({ canDecide: false })
    expect((await call(nurse, 'POST', `/api/requests/${other.id}/answer`, { answer: 'x' })).status).toBe(403)
  })

  it('the requester reads their own request but cannot decide it', async () => {
    const mine = await json<{ id: string; canDecide: boolean; requesterUserId: string }>(call(social, 'POST', '/api/requests', { ...request, serviceId: dacId, requesterIsMe: true }))
    expect(mine).toMatchObject({ canDecide: false, requesterUserId: 'user-social' })
    expect(await ids(social)).toContain(mine.id)
    expect(await json(call(social, 'GET', `/api/requests/${mine.id}`))).toMatchObject({ id: mine.id, canDecide: false, reason: request.reason })
    expect((await call(social, 'POST', `/api/requests/${mine.id}/accept`, { kind: 'ppcs', level: 3 })).status).toBe(403)
    expect((await call(social, 'POST', `/api/requests/${mine.id}/redirect`, { serviceId: mdphId, reason: 'x' })).status).toBe(403)
    expect((await call(social, 'POST', `/api/requests/${mine.id}/answer`, { answer: 'x' })).status).toBe(403)
    expect(await json(call(social, 'GET', `/api/requests/${mine.id}`))).toMatchObject({ status: 'waiting', serviceId: dacId })
  })

  it('redirecting to another service moves it out of the first service’s list, audited without its reason', async () => {
    const recorded = await json<{ id: string }>(call(social, 'POST', '/api/requests', { ...request, serviceId: dacId }))
    expect((await call(coordinator, 'POST', `/api/requests/${recorded.id}/redirect`, { serviceId: dacId, reason: 'x' })).status).toBe(400)
    const moved = await call(coordinator, 'POST', `/api/requests/${recorded.id}/redirect`, { serviceId: mdphId, reason: 'relève du handicap' })
    expect(moved.status).toBe(200)
    expect(await json(moved)).toMatchObject({ status: 'waiting', serviceId: mdphId, serviceName: 'MDPH 37', canDecide: false })
    expect(await ids(coordinator)).not.toContain(recorded.id)
    expect((await call(coordinator, 'GET', `/api/requests/${recorded.id}`)).status).toBe(404)
    expect((await call(coordinator, 'POST', `/api/requests/${recorded.id}/answer`, { answer: 'x' })).status).toBe(404)
    // Now the other service's: listed, decidable, with why it came.
    expect(await json(call(observer, 'GET', `/api/requests/${recorded.id}`))).toMatchObject({ canDecide: true, decisionNote: 'relève du handicap' })
    expect(await ids(observer)).toContain(recorded.id)
    expect(await ids(social)).toContain(recorded.id)
    const [row] = await rowsOf<{ detail: string }>(concerto.sql, sql`SELECT detail FROM audit_events WHERE action = 'request.redirect' AND target = ${recorded.id}`)
    expect(JSON.parse(row!.detail)).toEqual({ fromService: dacId, toService: mdphId })
    // Free text still decides it there, as before.
    const outside = await json(call(observer, 'POST', `/api/requests/${recorded.id}/redirect`, { to: 'CCAS de Tours', reason: 'aide ménagère' }))
    expect(outside).toMatchObject({ status: 'redirected', redirectedTo: 'CCAS de Tours', serviceId: mdphId })
    expect((await call(observer, 'POST', `/api/requests/${recorded.id}/redirect`, { reason: 'x' })).status).toBe(409)
  })

  it('a redirect names a service or an outside one', async () => {
    const recorded = await json<{ id: string }>(call(social, 'POST', '/api/requests', { ...request, serviceId: dacId }))
    const neither = await call(coordinator, 'POST', `/api/requests/${recorded.id}/redirect`, { reason: 'x' })
    expect(neither.status).toBe(400)
    expect((await json(neither)).field).toBe('to')
  })
})
