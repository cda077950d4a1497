import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, login } from '../../test/helpers/clients.ts'
import { createSituation } from '../domain/situations.ts'
import { editAs } from '../domain/edits.ts'
import { seedTerritoryExtras } from '../seed/territory.ts'
import { addUnmet } from '../../shared/schema/plan.ts'
import type { TerritoryDashboard } from '../../shared/domain/territory.ts'
import { rowsOf, sql } from '../../test/helpers/rows.ts'

let server: TestServer
let pilot: string
let coordinator: string

/** Creates a situation in a commune, coordinated by the demo coordinator, whose plan has one unmet goal with these codes. */
async function situationWithUnmetNeed(id: string, commune: string, needCodes: string[]): Promise<void> {
  const app = server.concerto
  const deps = { situations: app.situations, store: app.store, bindings: app.bindings, rooms: app.rooms }
  await createSituation(deps, { id, title: `Madame Secret ${id}`, personName: `Personne Secrète ${id}`, kind: 'pag', territory: commune, level: 3 }, {
    userId: 'user-coordination',
    name: 'Claire Martin',
  })
  await editAs(deps, { situationId: id, part: 'plan' }, 'user-coordination', (doc) =>
    addUnmet(doc, { id: `${id}-unmet`, need: 'Travail en ESAT', needCodes, missingAnswer: 'place', missingSince: '2025-01-15' }, { userId: 'user-coordination' }),
  )
}

async function dashboard(code: string, cookie: string, query = ''): Promise<Response> {
  return fetch(`${server.url}/api/territories/${code}/dashboard${query}`, { headers: { cookie } })
}

async function dashboardJson(code: string, cookie = pilot, query = ''): Promise<TerritoryDashboard> {
  const response = await dashboard(code, cookie, query)
  expect(response.status).toBe(200)
  return (await response.json()) as TerritoryDashboard
}

const need = (board: TerritoryDashboard, code: string) => board.needs.find((n) => n.code === code)

/** Polls until the condition holds or the time is up (the projection is debounced). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<{ value: T; elapsedMs: number }> {
  const start = Date.now()
  for (;;) {
    const value = await read()
    if (ok(value)) return { value, elapsedMs: Date.now() - start }
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 400)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

beforeAll(async () => {
  server = await startTestServer()
  // The fictional situations of Indre-et-Loire that `npm start`'s demo seeds.
  await seedTerritoryExtras(server.concerto)
  // Loiret (45): six people whose unmet need is work and employment; Loir-et-Cher (41): three.
  for (let i = 1; i <= 6; i++) await situationWithUnmetNeed(`loiret-${i}`, '45234', ['1.3.3.2'])
  for (let i = 1; i <= 3; i++) await situationWithUnmetNeed(`loir-et-cher-${i}`, '41018', ['1.3.3.2'])
  await server.concerto.pilots.grant('user-pilotage', '45', null)
  await server.concerto.pilots.grant('user-pilotage', '41', null)
  pilot = await login(server.url, 'pilotage@demo.test')
  coordinator = await login(server.url, 'coordination@demo.test')
}, 60_000)

afterAll(async () => {
  await server?.dispose()
})

describe('the territory dashboard', () => {
  it('shows 6 people with need 1.3.3.2 in one département and "< 5" (null, suppressed) for 3 in another', async () => {
    const { value: loiret } = await eventually(() => dashboardJson('45'), (board) => need(board, '1.3.3.2')?.people.value === 6)
    expect(need(loiret, '1.3.3.2')).toMatchObject({ label: 'Besoins en lien avec le travail et l’emploi', people: { value: 6, suppressed: false } })
    expect(need(loiret, '1.3.3.2')!.medianDaysWithoutAnswer).toBeGreaterThan(0)
    expect(loiret.situations.total).toEqual({ value: 6, suppressed: false })
    const loirEtCher = await dashboardJson('41')
    expect(need(loirEtCher, '1.3.3.2')!.people).toEqual({ value: null, suppressed: true })
    expect(need(loirEtCher, '1.3.3.2')!.medianDaysWithoutAnswer).toBeNull()
    expect(loirEtCher.situations.total).toEqual({ value: null, suppressed: true })
  })

  it('narrows the same figures by period, plan kind and level', async () => {
    await eventually(() => dashboardJson('45'), (board) => need(board, '1.3.3.2')?.people.value === 6)
    // Before these situations were opened: nothing active, no need counted.
    const past = await dashboardJson('45', pilot, '?from=2024-01-01&to=2024-12-31')
    expect(past.needs).toEqual([])
    expect(past.months.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`))
    expect(past.filters).toEqual({ from: '2024-01-01', to: '2024-12-31', kind: null, level: null })
    // All six are PAG at level 3.
    expect(need(await dashboardJson('45', pilot, '?kind=pag&level=3'), '1.3.3.2')!.people.value).toBe(6)
    expect(await dashboardJson('45', pilot, '?kind=pps').then((board) => board.needs)).toEqual([])
    expect(await dashboardJson('45', pilot, '?level=2').then((board) => board.needs)).toEqual([])
    expect((await dashboard('45', pilot, '?from=2025-02-30')).status).toBe(400)
    expect((await dashboard('45', pilot, '?from=2025-06-01&to=2025-01-01')).status).toBe(400)
  })

  it('answers 403 to a coordinator, and to a pilot outside their départements; 401 without a session', async () => {
    expect((await dashboard('37', coordinator)).status).toBe(403)
    expect((await dashboard('75', pilot)).status).toBe(403)
    expect((await fetch(`${server.url}/api/territories/37/dashboard`)).status).toBe(401)
    expect((await dashboard('999', pilot)).status).toBe(400)
  })

  it('tells each account which départements it pilots', async () => {
    const mine = await fetch(`${server.url}/api/me/territories`, { headers: { cookie: pilot } })
    expect(await mine.json()).toEqual({ pilotOf: ['37', '41', '45'] })
    const theirs = await fetch(`${server.url}/api/me/territories`, { headers: { cookie: coordinator } })
    expect(await theirs.json()).toEqual({ pilotOf: [] })
  })

  it('never answers a name or a situation id', async () => {
    const bodies = await Promise.all(['37', '41', '45'].map(async (code) => (await dashboard(code, pilot)).text()))
    const rows = await rowsOf<{ id: string; title: string; personName: string }>(server.concerto.sql, sql`SELECT id, title, person_name AS "personName" FROM situations`)
    const users = (await rowsOf<{ name: string }>(server.concerto.sql, sql`SELECT name FROM users`)).map((row) => row.name)
    const secrets = [...rows.flatMap((row) => [row.id, row.title, row.personName]), ...users].filter((text) => text.length > 2)
    expect(secrets.length).toBeGreaterThan(10)
    for (const body of bodies) {
      for (const secret of secrets) expect(body.toLowerCase().includes(secret.toLowerCase()), secret).toBe(false)
    }
  })

  it('shows the demo département with real counts and suppressed cells', async () => {
    const board = await dashboardJson('37')
    expect(board.departementName).toBe('Indre-et-Loire')
    expect(need(board, '1.3.3.2')!.people.value).toBeGreaterThanOrEqual(5)
    const all = JSON.stringify(board)
    expect(all).toContain('"suppressed":true')
    expect(board.communes.find((c) => c.code === '37261')!.activeSituations.value).toBeGreaterThanOrEqual(5)
    // Filters narrow the same figures: PAG only is never more than all kinds.
    const pag = await dashboardJson('37', pilot, '?kind=pag')
    expect((pag.situations.total.value ?? 0) <= (board.situations.total.value ?? Infinity)).toBe(true)
    expect((await dashboard('37', pilot, '?level=9')).status).toBe(400)
  })

  it('counts a need coded in a plan by a stock y-websocket client within 5 seconds', async () => {
    const cookie = await login(server.url, 'coordination@demo.test')
    await situationWithUnmetNeed('loiret-7', '45234', [])
    const client = connectClient(server.wsUrl, 'loiret-7/plan', cookie)
    try {
      await client.synced
      const started = Date.now()
      addUnmet(client.doc, { id: 'loiret-7-unmet-2', need: 'Pas de place en ESAT', needCodes: ['1.3.3.2'], missingAnswer: 'waitingList', missingSince: '2025-03-01' }, { userId: 'user-coordination' })
      const { value } = await eventually(() => dashboardJson('45'), (board) => need(board, '1.3.3.2')?.people.value === 7, 5000)
      expect(Date.now() - started).toBeLessThan(5000)
      expect(need(value, '1.3.3.2')!.byMissingAnswer.place.value).toBe(6)
      expect(need(value, '1.3.3.2')!.byMissingAnswer.waitingList).toEqual({ value: null, suppressed: true })
    } finally {
      client.destroy()
    }
  })

  it('finds communes by name without accents or by postcode, 20 at most', async () => {
    const byName = await (await fetch(`${server.url}/api/communes?q=joue%20les`, { headers: { cookie: pilot } })).json()
    expect(byName[0]).toMatchObject({ code: '37122', name: 'Joué-lès-Tours', departement: '37' })
    const byPostcode = (await (await fetch(`${server.url}/api/communes?q=37000`, { headers: { cookie: pilot } })).json()) as { code: string }[]
    expect(byPostcode.map((c) => c.code)).toContain('37261')
    const many = (await (await fetch(`${server.url}/api/communes?q=saint`, { headers: { cookie: pilot } })).json()) as unknown[]
    expect(many).toHaveLength(20)
    const ajaccio = (await (await fetch(`${server.url}/api/communes?q=2A004`, { headers: { cookie: pilot } })).json()) as { code: string; name: string }[]
    expect(ajaccio[0]).toMatchObject({ code: '2A004', name: 'Ajaccio' })
    expect((await fetch(`${server.url}/api/communes?q=`, { headers: { cookie: pilot } })).status).toBe(400)
  })
})
