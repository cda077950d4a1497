import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, openRawSocket, type TestClient } from '../../test/helpers/clients.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { sql } from 'kysely'

let server: TestServer
const clients: TestClient[] = []
const connect = (room: string, cookie: string) => {
  const client = connectClient(server.wsUrl, room, cookie)
  clients.push(client)
  return client
}
const api = (path: string, cookie: string | null, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...(init.headers ?? {}) } })
const post = (path: string, cookie: string | null, body: unknown = {}) => api(path, cookie, { method: 'POST', body: JSON.stringify(body) })
const tryLogin = (email: string, password: string) => post('/api/auth/login', null, { email, password })
const memberId = async (situationId: string, userId: string, cookie: string) => {
  const members = (await (await api(`/api/situations/${situationId}/members`, cookie)).json()) as { id: string; userId: string | null }[]
  return members.find((m) => m.userId === userId)!.id
}

const HOUR = 3600_000
const WEEK_SECONDS = 7 * 24 * 3600
/** Makes a session look last used `ms` ago, past the point where its expiry slides. */
const ageSession = async (cookie: string, ms: number) => {
  const id = cookie.split('=')[1]!.split('.')[0]!
  await sql`UPDATE sessions SET last_verified_at = ${Date.now() - ms} WHERE id = ${id}`.execute(server.concerto.sql)
}
/** A login on a device the user said is personal: a week-long sliding session with a Max-Age cookie (issue 14). */
const personalLogin = async (email: string) => {
  const response = await post('/api/auth/login', null, { email, password: 'concerto-demo', personalDevice: true })
  expect(response.status).toBe(200)
  return response.headers.get('set-cookie')!.split(';')[0]!
}
const sessionCookies = (headers: Headers) => headers.getSetCookie().filter((c) => c.startsWith('concerto_session='))

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  for (const client of clients) client.destroy()
  await server.dispose()
})

describe('sliding session expiry', () => {
  it('re-sends the session cookie with a fresh Max-Age when a request extends the session', async () => {
    const cookie = await personalLogin('medecin@demo.test')
    // Within the activity interval nothing slides, so nothing is re-sent.
    const quiet = await api('/api/me', cookie)
    expect(quiet.status).toBe(200)
    expect(sessionCookies(quiet.headers)).toEqual([])

    await ageSession(cookie, 2 * HOUR)
    const extended = await api('/api/me', cookie)
    expect(extended.status).toBe(200)
    const [refreshed, ...more] = sessionCookies(extended.headers)
    expect(more).toEqual([])
    expect(refreshed).toBeDefined()
    // The same token, a full lifetime counted from now, and the login's attributes.
    expect(refreshed!.split(';')[0]).toBe(cookie)
    expect(refreshed).toContain(`Max-Age=${WEEK_SECONDS}`)
    expect(refreshed).toContain('HttpOnly')
    expect(refreshed).toContain('SameSite=Lax')
    expect(refreshed).toContain('Path=/')
    const id = cookie.split('=')[1]!.split('.')[0]
    const [row] = (await sql<{ at: number }>`SELECT last_verified_at AS at FROM sessions WHERE id = ${id}`.execute(server.concerto.sql)).rows
    expect(Date.now() - row!.at).toBeLessThan(60_000)

    // The next request is inside the new interval again: no cookie.
    expect(sessionCookies((await api('/api/me', cookie)).headers)).toEqual([])
  })

  it('re-sends the cookie on the sync upgrade that extends the session', async () => {
    const cookie = await personalLogin('infirmier@demo.test')
    await ageSession(cookie, 2 * HOUR)
    const raw = openRawSocket(`${server.wsUrl}/sync/madame-b/plan`, cookie)
    const upgradeHeaders = new Promise<Record<string, string | string[] | undefined>>((resolve) =>
      raw.socket.once('upgrade', (response) => resolve(response.headers)),
    )
    expect(await raw.opened).toEqual({ ok: true })
    const setCookie = (await upgradeHeaders)['set-cookie']
    const refreshed = (Array.isArray(setCookie) ? setCookie : [setCookie ?? '']).find((c) => c.startsWith('concerto_session='))
    expect(refreshed?.split(';')[0]).toBe(cookie)
    expect(refreshed).toContain(`Max-Age=${WEEK_SECONDS}`)
    raw.socket.close()
  })

  it('lets logout delete the cookie even when the same request extended the session', async () => {
    const cookie = await personalLogin('social@demo.test')
    await ageSession(cookie, 2 * HOUR)
    const response = await post('/api/auth/logout', cookie)
    expect(response.status).toBe(204)
    const cookies = sessionCookies(response.headers)
    expect(cookies).toHaveLength(1)
    expect(cookies[0]).toMatch(/Max-Age=0/)
  })

  it('on a shared device (the default), sets a cookie that ends with the browser and ends the session after 15 minutes without activity', async () => {
    const response = await post('/api/auth/login', null, { email: 'famille@demo.test', password: 'concerto-demo' })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { sharedDevice: boolean }).sharedDevice).toBe(true)
    const header = response.headers.get('set-cookie')!
    expect(header).not.toMatch(/Max-Age|Expires/i)
    const cookie = header.split(';')[0]!
    await ageSession(cookie, 14 * 60_000)
    expect((await api('/api/me', cookie)).status).toBe(200)
    await ageSession(cookie, 15 * 60_000 + 1000)
    expect((await api('/api/me', cookie)).status).toBe(401)
  })

  it('ends a session unused for longer than its lifetime', async () => {
    const cookie = await personalLogin('social@demo.test')
    await ageSession(cookie, WEEK_SECONDS * 1000 + HOUR)
    expect((await api('/api/me', cookie)).status).toBe(401)
  })
})

describe('password change', () => {
  it('changes the password, ends every session of the account with its sockets, and refuses the old password', async () => {
    const other = await login(server.url, 'yanis@demo.test')
    const live = connect('yanis/person', other)
    await live.synced
    const cookie = await login(server.url, 'yanis@demo.test')

    const wrong = await post('/api/me/password', cookie, { currentPassword: 'not-it', newPassword: 'une nouvelle phrase' })
    expect(wrong.status).toBe(400)
    expect(((await wrong.json()) as { field: string }).field).toBe('currentPassword')
    const short = await post('/api/me/password', cookie, { currentPassword: 'concerto-demo', newPassword: 'court' })
    expect(short.status).toBe(400)

    const changed = await post('/api/me/password', cookie, { currentPassword: 'concerto-demo', newPassword: 'une nouvelle phrase' })
    expect(changed.status).toBe(200)
    expect(sessionCookies(changed.headers)[0]).toMatch(/Max-Age=0/)
    await eventually(() => expect(live.closeCodes).toContain(CloseCode.accessRevoked), { timeoutMs: 3000 })
    expect((await api('/api/me', cookie)).status).toBe(401)
    expect((await api('/api/me', other)).status).toBe(401)
    expect((await tryLogin('yanis@demo.test', 'concerto-demo')).status).toBe(401)
    const fresh = await login(server.url, 'yanis@demo.test', 'une nouvelle phrase')
    expect((await api('/api/me', fresh)).status).toBe(200)
  })

  it('refuses a password change without a session', async () => {
    expect((await post('/api/me/password', null, { currentPassword: 'concerto-demo', newPassword: 'une nouvelle phrase' })).status).toBe(401)
  })
})

describe('password reset through a new invitation', () => {
  it('lets the coordinator issue a reset link that sets a new password once; others may not issue one', async () => {
    const coordinator = await login(server.url, 'coordination@demo.test')
    const nurseMember = await memberId('madame-b', 'user-infirmier', coordinator)
    const nurse = await login(server.url, 'infirmier@demo.test')
    const nurseLive = connect('madame-b/plan', nurse)
    await nurseLive.synced
    expect((await post(`/api/situations/madame-b/members/${nurseMember}/reset-invitation`, nurse)).status).toBe(403)
    expect((await post(`/api/situations/madame-b/members/${nurseMember}/reset-invitation`, await login(server.url, 'famille@demo.test'))).status).toBe(404)

    const issued = await post(`/api/situations/madame-b/members/${nurseMember}/reset-invitation`, coordinator)
    expect(issued.status).toBe(201)
    const { token } = (await issued.json()) as { token: string }
    const shown = (await (await fetch(`${server.url}/api/invitations/${token}`)).json()) as { purpose: string }
    expect(shown.purpose).toBe('reset')

    const accepted = await post(`/api/invitations/${token}/accept`, null, { password: 'mot de passe neuf' })
    expect(accepted.status).toBe(200)
    expect(await accepted.json()).toMatchObject({ purpose: 'reset', userId: 'user-infirmier', situationId: 'madame-b' })
    expect((await tryLogin('infirmier@demo.test', 'concerto-demo')).status).toBe(401)
    expect((await tryLogin('infirmier@demo.test', 'mot de passe neuf')).status).toBe(200)
    // Whoever held a session with the old password is out, live sockets included.
    expect((await api('/api/me', nurse)).status).toBe(401)
    await eventually(() => expect(nurseLive.closeCodes.length).toBeGreaterThan(0), { timeoutMs: 3000 })
    // The reset joins nothing new: the nurse keeps exactly her memberships.
    const list = (await (await api('/api/situations', await login(server.url, 'infirmier@demo.test', 'mot de passe neuf'))).json()) as { id: string }[]
    expect(list.map((s) => s.id).sort()).toEqual(['madame-b', 'monsieur-x'])

    const reused = await post(`/api/invitations/${token}/accept`, null, { password: 'encore un autre' })
    expect(reused.status).toBe(410)
    expect((await tryLogin('infirmier@demo.test', 'encore un autre')).status).toBe(401)
  })
})

describe('password reset across situations', () => {
  it('refuses a reset link for an account that is also a member of a situation the issuer does not coordinate', async () => {
    const doctor = await login(server.url, 'medecin@demo.test')
    const created = await post('/api/situations', doctor, { title: 'Situation du médecin', kind: 'pps' })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    // The social worker's address is proven (demo account): she is added at once, behind the same 202 as any address.
    const added = await post(`/api/situations/${id}/members`, doctor, { name: 'Travailleuse sociale', role: 'professional', sector: 'social', email: 'social@demo.test' })
    expect(added.status).toBe(202)
    const socialMember = await memberId(id, 'user-social', doctor)
    // The social worker also works on Monsieur X, Yanis and Madame B, which the doctor does not coordinate.
    const refused = await post(`/api/situations/${id}/members/${socialMember}/reset-invitation`, doctor)
    expect(refused.status).toBe(403)
  })
})

describe('account deactivation', () => {
  it('closes the live sockets of a deactivated account and refuses its login and its sessions', async () => {
    const coordinator = await login(server.url, 'coordination@demo.test')
    const observer = await login(server.url, 'observateur@demo.test')
    const live = connect('monsieur-x/plan', observer)
    await live.synced
    // Someone who does not coordinate every situation of the account cannot deactivate it.
    expect((await post('/api/users/user-observateur/deactivate', await login(server.url, 'medecin@demo.test'))).status).toBe(404)
    expect(live.closeCodes).toEqual([])

    expect((await post('/api/users/user-observateur/deactivate', coordinator)).status).toBe(204)
    await eventually(() => expect(live.closeCodes).toContain(CloseCode.accessRevoked), { timeoutMs: 3000 })
    expect((await api('/api/me', observer)).status).toBe(401)
    const refused = await tryLogin('observateur@demo.test', 'concerto-demo')
    expect(refused.status).toBe(401)
    const unknown = await tryLogin('personne@demo.test', 'concerto-demo')
    expect(await refused.json()).toEqual(await unknown.json())
    const again = openRawSocket(`${server.wsUrl}/sync/monsieur-x/plan`, observer)
    expect(await again.opened).toEqual({ ok: false, status: 401 })
  })
})
