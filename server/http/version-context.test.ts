import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import { pdfText } from '../../test/helpers/pdf.ts'

/**
 * Issue 13, point 7: a version's PDF and a meeting's minutes print the
 * circle, coordinator and review date of that version or meeting, not today's.
 */
let concerto: Awaited<ReturnType<typeof createTestApp>>
let cookie: string
const post = (path: string, body: unknown, as = cookie) =>
  concerto.app.request(path, { method: 'POST', headers: { cookie: as, 'content-type': 'application/json' }, body: JSON.stringify(body) })
const get = (path: string, as = cookie) => concerto.app.request(path, { headers: { cookie: as } })
const pdfOf = async (path: string) => {
  const response = await get(path)
  expect(response.status).toBe(200)
  return pdfText(new Uint8Array(await response.arrayBuffer()))
}
/** The "Coordination : …" cell of the contacts block. */
const coordinationLine = (text: string) => /Coordination : ([^:]*?) Prochaine révision/.exec(text)?.[1]?.trim()

beforeAll(async () => {
  concerto = await createTestApp()
  cookie = await loginCookie(concerto.app, 'coordination@demo.test')
}, 60_000)
afterAll(async () => concerto.dispose())

describe('a version prints what it was made in', () => {
  it('the 2022 version’s PDF names the 2022 coordinator, and not the DAC coordinator who joined in 2025', async () => {
    const version = (await concerto.versions.list('monsieur-x')).find((v) => v.createdAt.startsWith('2022'))!
    expect(version).toBeDefined()
    const text = await pdfOf(`/api/situations/monsieur-x/versions/${version.id}/pdf`)
    expect(coordinationLine(text)).toContain('Dr Paul Lefèvre')
    expect(text).not.toContain('Claire Martin')
    // Today's coordinator is the DAC's, and today's PDF of the latest version says so.
    const latest = (await concerto.versions.list('monsieur-x'))[0]!
    const created = (await (await post('/api/situations/monsieur-x/versions', { label: 'Aujourd’hui' })).json()) as { id: string }
    expect(latest).toBeDefined()
    expect(coordinationLine(await pdfOf(`/api/situations/monsieur-x/versions/${created.id}/pdf`))).toContain('Claire Martin')
  })

  it('a version made before a handover still names the coordinator of its time, and its review date', async () => {
    const before = (await (await post('/api/situations/madame-b/versions', { label: 'Avant le relais' })).json()) as { id: string }
    const reviewBefore = (await concerto.situations.situationById('madame-b'))!.reviewDate
    const gp = (await concerto.situations.activeMembers('madame-b')).find((m) => m.userId === 'user-medecin')!
    expect((await post('/api/situations/madame-b/handover', { memberId: gp.id, note: 'Relais au médecin traitant' })).status).toBe(200)
    await concerto.situations.setReviewDate('madame-b', '2031-01-15')
    const gpCookie = await loginCookie(concerto.app, 'medecin@demo.test')
    const after = (await (await post('/api/situations/madame-b/versions', { label: 'Après le relais' }, gpCookie)).json()) as { id: string }

    const oldText = await pdfOf(`/api/situations/madame-b/versions/${before.id}/pdf`)
    expect(coordinationLine(oldText)).toContain('Claire Martin')
    expect(oldText).not.toContain('15 janvier 2031')
    if (reviewBefore) expect(oldText).toContain(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${reviewBefore}T12:00:00Z`)))
    const newText = await pdfOf(`/api/situations/madame-b/versions/${after.id}/pdf`)
    expect(coordinationLine(newText)).toContain('Dr Paul Lefèvre')
    expect(newText).toContain('15 janvier 2031')
  })

  it('the minutes name the coordinator of the meeting’s time, and a member added later is not in its circle', async () => {
    const meeting = (await (await post('/api/situations/yanis/meetings', { kind: 'gos', startsAt: '2026-11-25T09:00:00Z' })).json()) as { id: string }
    expect((await post(`/api/situations/yanis/meetings/${meeting.id}/start`, {})).status).toBe(200)
    const ended = await post(`/api/situations/yanis/meetings/${meeting.id}/end`, { reviewDate: '2027-05-10' })
    expect(ended.status).toBe(200)
    const versionId = ((await ended.json()) as { version: { id: string } }).version.id
    // Afterwards: the educator takes over and a new member joins.
    const educator = (await concerto.situations.activeMembers('yanis')).find((m) => m.userId === 'user-social')!
    expect((await post('/api/situations/yanis/handover', { memberId: educator.id })).status).toBe(200)
    expect((await post('/api/situations/yanis/members', { name: 'Nouvelle Partenaire', role: 'professional', sector: 'social', organisation: 'Mission locale', mission: 'Emploi' }, await loginCookie(concerto.app, 'social@demo.test'))).status).toBe(201)

    const html = await (await get(`/api/situations/yanis/meetings/${meeting.id}/minutes`)).text()
    expect(html).toContain('Coordination : Claire Martin')
    expect(html).toContain('10 mai 2027')
    const pdf = await pdfOf(`/api/situations/yanis/versions/${versionId}/pdf`)
    expect(coordinationLine(pdf)).toContain('Claire Martin')
    expect(pdf).not.toContain('Nouvelle Partenaire')
    expect(pdf).toContain('10 mai 2027')
  })
})
