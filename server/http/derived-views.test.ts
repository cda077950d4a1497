import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import { pdfText } from '../../test/helpers/pdf.ts'

/**
 * Issue 13, point 6: every derived view (minutes, timeline, meetings,
 * versions, PDFs, compare) shows a reader only what that reader could read
 * live. Through `app.request()`, on the seeded demo.
 */
let concerto: Awaited<ReturnType<typeof createTestApp>>
const cookies: Record<string, string> = {}
const as = async (email: string) => (cookies[email] ??= await loginCookie(concerto.app, email))
const get = async (path: string, email: string) => concerto.app.request(path, { headers: { cookie: await as(email) } })
const post = async (path: string, body: unknown, email: string) =>
  concerto.app.request(path, { method: 'POST', headers: { cookie: await as(email), 'content-type': 'application/json' }, body: JSON.stringify(body) })

let minutesMeeting: string
let versionId: string

beforeAll(async () => {
  concerto = await createTestApp()
  // A meeting on Monsieur X, ended (and so published), whose minutes carry the views of Henri and his wife.
  const meeting = (await (await post('/api/situations/monsieur-x/meetings', { kind: 'dac', startsAt: '2026-11-20T09:00:00Z' }, 'coordination@demo.test')).json()) as { id: string }
  expect((await post(`/api/situations/monsieur-x/meetings/${meeting.id}/start`, {}, 'coordination@demo.test')).status).toBe(200)
  const ended = await post(`/api/situations/monsieur-x/meetings/${meeting.id}/end`, {}, 'coordination@demo.test')
  expect(ended.status).toBe(200)
  minutesMeeting = meeting.id
  versionId = ((await ended.json()) as { version: { id: string } }).version.id
}, 60_000)
afterAll(async () => concerto.dispose())

const HENRI_VIEW = 'Je ne veux pas aller en maison de retraite'
const JEANNE_VIEW = 'Je n’y arrive plus seule la nuit'
const escaped = (text: string) => text.replace(/’/g, '’')

describe('minutes follow the person part', () => {
  it('the coordinator reads the person’s and the relative’s views in the minutes', async () => {
    const html = await (await get(`/api/situations/monsieur-x/meetings/${minutesMeeting}/minutes`, 'coordination@demo.test')).text()
    expect(html).toContain(HENRI_VIEW)
    expect(html).toContain(escaped(JEANNE_VIEW).replace('’', '’'))
  })

  it('an observer reads no person or relative view in the minutes (HTML and PDF)', async () => {
    expect(await concerto.access.partAccess('monsieur-x', 'user-observateur', 'person')).toBe('none')
    const response = await get(`/api/situations/monsieur-x/meetings/${minutesMeeting}/minutes`, 'observateur@demo.test')
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('Compte rendu')
    expect(html).not.toContain(HENRI_VIEW)
    expect(html).not.toContain('seule la nuit')
    expect(html).not.toContain('Avis de la personne et de ses proches')
    const pdf = await get(`/api/situations/monsieur-x/meetings/${minutesMeeting}/minutes.pdf`, 'observateur@demo.test')
    expect(pdf.status).toBe(200)
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()))
    expect(text).toContain('Compte rendu')
    expect(text).not.toContain('maison de retraite. Ma place')
    expect(text).not.toContain('seule la nuit')
    expect(text).not.toContain('Avis de la personne')
  })

  it('an observer’s version PDF shows no person or relative view either', async () => {
    const pdf = await get(`/api/situations/monsieur-x/versions/${versionId}/pdf`, 'observateur@demo.test')
    expect(pdf.status).toBe(200)
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()))
    expect(text).not.toContain('maison de retraite. Ma place')
    expect(text).not.toContain('seule la nuit')
  })
})

describe('clinical timeline entries follow the health part', () => {
  const titles = async (email: string) => {
    const response = await get('/api/situations/monsieur-x/timeline', email)
    expect(response.status).toBe(200)
    return JSON.stringify(await response.json())
  }

  it('the coordinator and the GP (care team) read the clinical entries, each marked with its part', async () => {
    for (const email of ['coordination@demo.test', 'medecin@demo.test']) {
      const text = await titles(email)
      expect(text).toContain('AVC ischémique')
      expect(text).toContain('MMS 21/30')
    }
    const entries = (await (await get('/api/situations/monsieur-x/timeline', 'coordination@demo.test')).json()) as { title: string; part: string }[]
    expect(entries.find((e) => e.title.startsWith('AVC ischémique'))?.part).toBe('health')
    expect(entries.find((e) => e.title.startsWith('Retour à domicile'))?.part).toBe('plan')
  })

  it('an observer reads no clinical timeline entry, but the rest of the parcours', async () => {
    const text = await titles('observateur@demo.test')
    expect(text).not.toContain('AVC ischémique')
    expect(text).not.toContain('MMS 21/30')
    expect(text).not.toContain('Accident ischémique transitoire')
    expect(text).toContain('Retour à domicile après la rééducation')
    expect(text).toContain('Hospitalisation de Mme X')
  })

  it('a professional outside the care team reads no clinical timeline entry', async () => {
    const text = await titles('social@demo.test')
    expect(text).not.toContain('AVC ischémique')
    expect(text).not.toContain('MMS 21/30')
    expect(text).toContain('Retour à domicile après la rééducation')
  })

  it('a clinical entry added by the coordinator is kept from the observer', async () => {
    const created = await post('/api/situations/monsieur-x/timeline', { date: '2026-10-02', kind: 'event', part: 'health', title: 'Chute, fracture du poignet', detail: 'Plâtre 6 semaines' }, 'coordination@demo.test')
    expect(created.status).toBe(201)
    expect(((await created.json()) as { part: string }).part).toBe('health')
    expect(await titles('coordination@demo.test')).toContain('fracture du poignet')
    expect(await titles('observateur@demo.test')).not.toContain('fracture du poignet')
  })

  it('a hospitalisation entry is clinical unless said otherwise', async () => {
    const created = await post('/api/situations/monsieur-x/timeline', { date: '2026-10-03', kind: 'hospitalisation', title: 'Hospitalisation pour bilan' }, 'coordination@demo.test')
    expect(((await created.json()) as { part: string }).part).toBe('health')
    expect(await titles('observateur@demo.test')).not.toContain('Hospitalisation pour bilan')
  })
})

describe('a relative the person hid the plan from reads nothing derived from the plan', () => {
  beforeAll(async () => {
    const mother = (await concerto.situations.activeMembers('yanis')).find((m) => m.userId === 'user-famille')!
    expect((await post(`/api/situations/yanis/members/${mother.id}/plan-visibility`, { hidden: true }, 'yanis@demo.test')).status).toBe(200)
  })

  it('a relative hidden from the plan gets 404 on the timeline, the meetings, the versions, a version, its PDF and compare', async () => {
    const version = (await (await post('/api/situations/yanis/versions', { label: 'Avant masquage' }, 'coordination@demo.test')).json()) as { id: string }
    const meeting = (await (await post('/api/situations/yanis/meetings', { kind: 'gos', startsAt: '2026-11-25T09:00:00Z' }, 'coordination@demo.test')).json()) as { id: string }
    for (const path of [
      '/api/situations/yanis/timeline',
      '/api/situations/yanis/meetings',
      `/api/situations/yanis/meetings/${meeting.id}`,
      '/api/situations/yanis/versions',
      `/api/situations/yanis/versions/${version.id}`,
      `/api/situations/yanis/versions/${version.id}/pdf`,
      `/api/situations/yanis/versions/${version.id}/compare/current`,
      '/api/situations/yanis/commitments',
    ]) {
      const response = await get(path, 'famille@demo.test')
      expect(response.status, path).toBe(404)
    }
  })

  it('she still writes her own part: the person section stays hers', async () => {
    expect((await get('/api/situations/yanis/authors?part=person', 'famille@demo.test')).status).toBe(200)
  })
})

describe('versions keep health detail for the care team', () => {
  it('an observer’s copy of a version carries no health part, the coordinator’s does', async () => {
    const coordinatorView = (await (await get(`/api/situations/monsieur-x/versions/${versionId}`, 'coordination@demo.test')).json()) as { parts: Record<string, string> }
    expect(Object.keys(coordinatorView.parts).sort()).toEqual(['health', 'person', 'plan'])
    const observerView = (await (await get(`/api/situations/monsieur-x/versions/${versionId}`, 'observateur@demo.test')).json()) as { parts: Record<string, string> }
    expect(Object.keys(observerView.parts)).toEqual(['plan'])
    const social = (await (await get(`/api/situations/monsieur-x/versions/${versionId}`, 'social@demo.test')).json()) as { parts: Record<string, string> }
    expect(Object.keys(social.parts).sort()).toEqual(['person', 'plan'])
  })
})
