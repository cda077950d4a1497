import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import { sql } from 'kysely'

let concerto: Awaited<ReturnType<typeof createTestApp>>
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  concerto.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) })

beforeAll(async () => {
  concerto = await createTestApp()
})
afterAll(async () => concerto.dispose())

describe('login, sessions and me', () => {
  it('logs in with the demo password and sets an HttpOnly SameSite=Lax cookie', async () => {
    const response = await post('/api/auth/login', { email: 'medecin@demo.test', password: 'concerto-demo', extra: 'ignored' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ id: 'user-medecin', name: 'Dr Paul Lefèvre', email: 'medecin@demo.test', sharedDevice: true })
    const cookie = response.headers.get('set-cookie')!
    expect(cookie).toMatch(/^concerto_session=[a-z0-9]+\.[a-z0-9]+;/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).not.toContain('Secure')
  })

  it('answers a wrong password and an unknown account the same way', async () => {
    const wrong = await post('/api/auth/login', { email: 'medecin@demo.test', password: 'nope' })
    const unknown = await post('/api/auth/login', { email: 'personne@demo.test', password: 'nope' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await wrong.json()).toEqual(await unknown.json())
  })

  it('rejects a malformed body with 400 naming the field', async () => {
    const missing = await post('/api/auth/login', { email: 'medecin@demo.test' })
    expect(missing.status).toBe(400)
    expect((await missing.json()).field).toBe('password')
    const notJson = await post('/api/auth/login', '{oops')
    expect(notJson.status).toBe(400)
  })

  it('stores only a hash of the session secret and refuses a tampered one', async () => {
    const cookie = await loginCookie(concerto.app, 'infirmier@demo.test')
    const [id, secret] = cookie.split('=')[1]!.split('.') as [string, string]
    const [row] = (await sql<Record<string, unknown>>`SELECT * FROM sessions WHERE id = ${id}`.execute(concerto.sql)).rows
    expect(JSON.stringify(row)).not.toContain(secret)
    expect((row!.secret_hash as Buffer).byteLength).toBe(32)
    expect((await concerto.sessions.validate(`${id}.${secret}`))?.userId).toBe('user-infirmier')
    const tampered = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`
    expect((await concerto.app.request('/api/me', { headers: { cookie: `concerto_session=${tampered}` } })).status).toBe(401)
  })

  it('serves /api/me to a session and 401 without one, and logout ends the session', async () => {
    const cookie = await loginCookie(concerto.app, 'social@demo.test')
    const me = await concerto.app.request('/api/me', { headers: { cookie } })
    expect(await me.json()).toEqual({ id: 'user-social', name: 'Karim Benali', email: 'social@demo.test', sharedDevice: true })
    expect((await concerto.app.request('/api/me')).status).toBe(401)
    const logout = await concerto.app.request('/api/auth/logout', { method: 'POST', headers: { cookie } })
    expect(logout.status).toBe(204)
    expect((await concerto.app.request('/api/me', { headers: { cookie } })).status).toBe(401)
  })

  it('slows down an (account, address) pair after five failures, with a Retry-After, counting failures only', async () => {
    // Issue 14: no lock of the account itself, a growing wait for the pair that fails.
    for (let i = 0; i < 5; i++) {
      expect((await post('/api/auth/login', { email: 'observateur@demo.test', password: `wrong-${i}` })).status).toBe(401)
    }
    // The fifth failure costs a wait: the next attempt of this pair, even right, is told to come back.
    const slowed = await post('/api/auth/login', { email: 'observateur@demo.test', password: 'concerto-demo' })
    expect(slowed.status).toBe(429)
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another account from the same address is not affected.
    expect((await post('/api/auth/login', { email: 'yanis@demo.test', password: 'concerto-demo' })).status).toBe(200)
  })

  it('refuses a cross-origin POST and accepts a same-origin one', async () => {
    const cross = await post('/api/auth/login', { email: 'medecin@demo.test', password: 'concerto-demo' }, { origin: 'https://evil.example' })
    expect(cross.status).toBe(403)
    const same = await post('/api/auth/login', { email: 'medecin@demo.test', password: 'concerto-demo' }, { origin: 'http://localhost' })
    expect(same.status).toBe(200)
  })
})

describe('HTTP contract basics', () => {
  it('answers /healthz with status ok and security headers', async () => {
    const response = await concerto.app.request('/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self'/)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('serves the page at / with the same CSP', async () => {
    const response = await concerto.app.request('/')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/html')
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self'/)
  })

  it('lists only the caller’s situations with their role, and 401 without a session', async () => {
    expect((await concerto.app.request('/api/situations')).status).toBe(401)
    const cookie = await loginCookie(concerto.app, 'infirmier@demo.test')
    const list = (await (await concerto.app.request('/api/situations', { headers: { cookie } })).json()) as { id: string; title: string; role: string }[]
    expect(list.map((s) => s.title.split(' ')[0]).sort()).toEqual(['Madame', 'Monsieur'])
    expect(new Set(list.map((s) => s.role))).toEqual(new Set(['professional']))
  })

  it('gives a non-member the same 404 as an unknown situation', async () => {
    const cookie = await loginCookie(concerto.app, 'yanis@demo.test')
    const other = await concerto.app.request('/api/situations/monsieur-x', { headers: { cookie } })
    const unknown = await concerto.app.request('/api/situations/nope', { headers: { cookie } })
    expect(other.status).toBe(404)
    expect(unknown.status).toBe(404)
    expect(await other.json()).toEqual(await unknown.json())
  })
})
