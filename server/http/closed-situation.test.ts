import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'

/** Issue 13: a closed situation is read-only over HTTP until it is reopened. */
let concerto: Awaited<ReturnType<typeof createTestApp>>
const cookies: Record<string, string> = {}
const as = async (email: string) => (cookies[email] ??= await loginCookie(concerto.app, email))
const request = async (method: string, path: string, email: string, body?: unknown) =>
  concerto.app.request(path, { method, headers: { cookie: await as(email), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
const post = (path: string, body: unknown, email = 'coordination@demo.test') => request('POST', path, email, body)
const get = (path: string, email = 'coordination@demo.test') => request('GET', path, email)

let versionId: string
let plannedMeeting: string
let startedMeeting: string

beforeAll(async () => {
  concerto = await createTestApp()
  versionId = ((await (await post('/api/situations/yanis/versions', { label: 'Avant clôture' })).json()) as { id: string }).id
  plannedMeeting = ((await (await post('/api/situations/yanis/meetings', { kind: 'gos', startsAt: '2026-12-01T09:00:00Z' })).json()) as { id: string }).id
  startedMeeting = ((await (await post('/api/situations/yanis/meetings', { kind: 'gos', startsAt: '2026-12-02T09:00:00Z' })).json()) as { id: string }).id
  expect((await post(`/api/situations/yanis/meetings/${startedMeeting}/start`, {})).status).toBe(200)
  // Yanis's plan is a PAG: closing it names one of the MDPH end reasons.
  expect((await post('/api/situations/yanis/close', { reason: 'goalsReached' })).status).toBe(200)
}, 60_000)
afterAll(async () => concerto.dispose())

const expectClosed = async (response: Response) => {
  expect(response.status).toBe(409)
  expect(await response.json()).toMatchObject({ error: expect.stringContaining('closed'), reason: 'situationClosed' })
}

describe('a closed situation is read-only over HTTP', () => {
  it('a closed situation refuses a new version', async () => {
    const before = (await concerto.versions.list('yanis')).length
    await expectClosed(await post('/api/situations/yanis/versions', { label: 'Après clôture' }))
    expect(await concerto.versions.list('yanis')).toHaveLength(before)
  })

  it('a closed situation refuses a restore', async () => {
    const before = (await concerto.versions.list('yanis')).length
    await expectClosed(await post(`/api/situations/yanis/versions/${versionId}/restore`, {}))
    expect(await concerto.versions.list('yanis')).toHaveLength(before)
  })

  it('a closed situation refuses a new meeting, starting, attendance, ending and amending minutes', async () => {
    await expectClosed(await post('/api/situations/yanis/meetings', { kind: 'gos', startsAt: '2026-12-03T09:00:00Z' }))
    await expectClosed(await post(`/api/situations/yanis/meetings/${plannedMeeting}/start`, {}))
    await expectClosed(await post(`/api/situations/yanis/meetings/${startedMeeting}/attendance`, { name: 'Invitée', mode: 'room' }))
    await expectClosed(await post(`/api/situations/yanis/meetings/${startedMeeting}/end`, {}))
    await expectClosed(await request('PUT', `/api/situations/yanis/meetings/${startedMeeting}/minutes`, 'coordination@demo.test', { notes: 'x' }))
    expect((await concerto.meetings.byId('yanis', startedMeeting))?.status).toBe('started')
  })

  it('a closed situation refuses a timeline entry', async () => {
    const before = (await concerto.records.events('yanis')).length
    await expectClosed(await post('/api/situations/yanis/timeline', { date: '2026-12-04', kind: 'event', title: 'Après clôture' }))
    expect(await concerto.records.events('yanis')).toHaveLength(before)
  })

  it('a closed situation refuses an agreement and a commitment', async () => {
    await expectClosed(await post(`/api/situations/yanis/versions/${versionId}/agreement`, { status: 'agreed' }, 'yanis@demo.test'))
    await expectClosed(await post('/api/situations/yanis/actions/yanis-stage/commitment', { status: 'declined' }))
  })

  it('a closed situation refuses a consent agreement but still records an objection', async () => {
    await expectClosed(await post('/api/situations/yanis/consent', { status: 'agreed' }, 'yanis@demo.test'))
    expect((await post('/api/situations/yanis/consent', { status: 'objected' }, 'yanis@demo.test')).status).toBe(201)
  })

  it('a closed situation stays readable: versions, timeline, meetings, minutes of ended meetings', async () => {
    for (const path of ['/api/situations/yanis/versions', `/api/situations/yanis/versions/${versionId}`, '/api/situations/yanis/timeline', '/api/situations/yanis/meetings', `/api/situations/yanis/versions/${versionId}/pdf`]) {
      expect((await get(path)).status, path).toBe(200)
    }
  })

  it('a reopened situation takes a new version again', async () => {
    expect((await post('/api/situations/yanis/reopen', {})).status).toBe(200)
    expect((await post('/api/situations/yanis/versions', { label: 'Après réouverture' })).status).toBe(201)
  })
})
