import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import { documentName } from '../../shared/schema/roots.ts'
import { planRoots } from '../../shared/schema/plan.ts'
import { findRow } from '../../shared/schema/rows.ts'
import { pdfText } from '../../test/helpers/pdf.ts'

/** Issue 13, point 4: impossible days are refused at the door, and stored ones never break an export. */
let concerto: Awaited<ReturnType<typeof createTestApp>>
let cookie: string
const post = (path: string, body: unknown) =>
  concerto.app.request(path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })
const get = (path: string) => concerto.app.request(path, { headers: { cookie } })

beforeAll(async () => {
  concerto = await createTestApp()
  cookie = await loginCookie(concerto.app, 'coordination@demo.test')
}, 60_000)
afterAll(async () => concerto.dispose())

describe('dates are calendar dates', () => {
  it('a situation created with reviewDate 2026-13-45 is refused with 400', async () => {
    for (const reviewDate of ['2026-13-45', '2026-02-30', '2026-99-99']) {
      const response = await post('/api/situations', { title: 'Essai date', kind: 'pps', reviewDate })
      expect(response.status, reviewDate).toBe(400)
      expect(await response.json()).toMatchObject({ field: 'reviewDate' })
    }
    expect((await post('/api/situations', { title: 'Essai date', kind: 'pps', reviewDate: '2028-02-29' })).status).toBe(201)
  })

  it('a meeting ended with reviewDate 2026-02-30 is refused with 400 and stays started', async () => {
    const meeting = (await (await post('/api/situations/madame-b/meetings', { kind: 'msp', startsAt: '2026-11-20T09:00:00Z' })).json()) as { id: string }
    expect((await post(`/api/situations/madame-b/meetings/${meeting.id}/start`, {})).status).toBe(200)
    const response = await post(`/api/situations/madame-b/meetings/${meeting.id}/end`, { reviewDate: '2026-02-30' })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ field: 'reviewDate' })
    expect((await concerto.meetings.byId('madame-b', meeting.id))?.status).toBe('started')
  })

  it('a timeline entry dated 2026-99-99 is refused with 400', async () => {
    const response = await post('/api/situations/madame-b/timeline', { date: '2026-99-99', kind: 'event', title: 'Impossible' })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ field: 'date' })
  })
})

describe('a stored impossible date never breaks an export', () => {
  it('a stored dueDate 2026-99-99 does not break the PDF or the minutes', async () => {
    // Old data, or an update accepted before the document-rules check: written straight into the stored plan.
    await concerto.rooms.change(documentName('madame-b', 'plan'), 'test: damaged date', (doc) => {
      const roots = planRoots(doc)
      const goal = roots.goals.toArray().find((row) => !row.get('deletedAt'))!
      goal.set('dueDate', '2026-99-99')
      const action = findRow(roots.actions, roots.actions.toArray().find((row) => !row.get('deletedAt'))!.get('id') as string)!
      action.set('dueDate', '2026-13-45')
      roots.meta.set('reviewDate', '2026-02-30')
    })
    const meeting = (await (await post('/api/situations/madame-b/meetings', { kind: 'msp', startsAt: '2026-11-21T09:00:00Z' })).json()) as { id: string }
    expect((await post(`/api/situations/madame-b/meetings/${meeting.id}/start`, {})).status).toBe(200)
    await concerto.rooms.change(documentName('madame-b', 'plan'), 'test: damaged date during the meeting', (doc) => {
      const roots = planRoots(doc)
      roots.actions.toArray().find((row) => !row.get('deletedAt'))!.set('dueDate', '2027-99-01')
    })
    const ended = await post(`/api/situations/madame-b/meetings/${meeting.id}/end`, {})
    expect(ended.status).toBe(200)
    const versionId = ((await ended.json()) as { version: { id: string } }).version.id

    const pdf = await get(`/api/situations/madame-b/versions/${versionId}/pdf`)
    expect(pdf.status).toBe(200)
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()))
    expect(text).toContain('2026-99-99 (date invalide)')

    const minutes = await get(`/api/situations/madame-b/meetings/${meeting.id}/minutes`)
    expect(minutes.status).toBe(200)
    expect(await minutes.text()).toContain('2027-99-01 (date invalide)')
    const minutesPdf = await get(`/api/situations/madame-b/meetings/${meeting.id}/minutes.pdf`)
    expect(minutesPdf.status).toBe(200)
  })
})
