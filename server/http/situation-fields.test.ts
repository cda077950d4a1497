import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

describe('situation fields over HTTP', () => {
  let concerto: TestApp
  let cookie: string
  beforeAll(async () => {
    concerto = await createTestApp()
    cookie = await loginCookie(concerto.app, 'coordination@demo.test')
  })
  afterAll(() => concerto.dispose())

  const post = (body: unknown) =>
    concerto.app.request('/api/situations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(body),
    })

  it('creates a situation with its level and territory and reads them back with its stage', async () => {
    const created = await post({ title: 'Madame T', kind: 'ppcs', level: 3, territory: '37261' })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    const read = (await (await concerto.app.request(`/api/situations/${id}`, { headers: { cookie } })).json()) as Record<string, unknown>
    expect(read).toMatchObject({ status: 'open', stage: 'preparation', level: 3, territory: '37261', kind: 'ppcs' })
    const list = (await (await concerto.app.request('/api/situations', { headers: { cookie } })).json()) as Record<string, unknown>[]
    expect(list.find((row) => row.id === id)).toMatchObject({ stage: 'preparation', level: 3, territory: '37261' })
  })

  it('refuses a response level outside 1 to 4 and a territory that is not an INSEE code', async () => {
    expect((await post({ title: 'X', kind: 'pag', level: 5 })).status).toBe(400)
    expect((await post({ title: 'X', kind: 'pag', territory: '75 001' })).status).toBe(400)
  })

  it('does not create a situation that starts closed', async () => {
    expect((await post({ title: 'X', kind: 'pps', stage: 'closed' })).status).toBe(400)
  })

  it('closing moves the stage to closed and reopening to be reviewed', async () => {
    const { id } = (await (await post({ title: 'Monsieur V', kind: 'pps' })).json()) as { id: string }
    const close = await concerto.app.request(`/api/situations/${id}/close`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' })
    expect(close.status).toBeLessThan(300)
    const closed = (await (await concerto.app.request(`/api/situations/${id}`, { headers: { cookie } })).json()) as Record<string, unknown>
    expect(closed).toMatchObject({ status: 'closed', stage: 'closed' })
    expect(typeof closed.closedAt).toBe('string')
    await concerto.app.request(`/api/situations/${id}/reopen`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' })
    const reopened = (await (await concerto.app.request(`/api/situations/${id}`, { headers: { cookie } })).json()) as Record<string, unknown>
    expect(reopened).toMatchObject({ status: 'open', stage: 'toReview', closedAt: null })
  })
})
