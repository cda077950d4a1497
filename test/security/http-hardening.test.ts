import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../helpers/app.ts'

/**
 * HTTP hardening through `app.request()` (no port): validation names the
 * field, bodies are size-limited, and every response carries the security
 * headers, the HTML of `/` included.
 */
let concerto: Awaited<ReturnType<typeof createTestApp>>
let coordinator: string
beforeAll(async () => {
  concerto = await createTestApp()
  coordinator = await loginCookie(concerto.app, 'coordination@demo.test')
})
afterAll(async () => {
  await concerto.dispose()
})

const post = (path: string, body: unknown, cookie: string | null = coordinator, raw = false) =>
  concerto.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: raw ? (body as string) : JSON.stringify(body),
  })

describe('JSON bodies are validated and a 400 names the field', () => {
  const cases: [string, string, unknown, string][] = [
    ['login without e-mail', '/api/auth/login', { password: 'x' }, 'email'],
    ['login without password', '/api/auth/login', { email: 'a@b.c' }, 'password'],
    ['login with a number for e-mail', '/api/auth/login', { email: 5, password: 'x' }, 'email'],
    ['a situation without title', '/api/situations', { kind: 'pps' }, 'title'],
    ['a situation of an unknown kind', '/api/situations', { title: 'T', kind: 'nope' }, 'kind'],
    ['a version without label', '/api/situations/madame-b/versions', {}, 'label'],
    ['a member without role', '/api/situations/madame-b/members', { name: 'Pharmacien' }, 'role'],
    ['an invitation without name', '/api/situations/yanis/invitations', { role: 'relative' }, 'name'],
    ['consent without status', '/api/situations/yanis/consent', {}, 'status'],
    ['a password change without the new one', '/api/me/password', { currentPassword: 'concerto-demo' }, 'newPassword'],
  ]
  for (const [name, path, body, field] of cases) {
    it(`refuses ${name} with 400 naming ${field}`, async () => {
      const response = await post(path, body)
      expect(response.status).toBe(400)
      const json = (await response.json()) as { field?: string; error?: string }
      expect(json.field).toBe(field)
      expect(json.error).toContain(field)
    })
  }

  it('refuses malformed JSON with 400 naming the body', async () => {
    const response = await post('/api/auth/login', '{"email":', null, true)
    expect(response.status).toBe(400)
    expect(((await response.json()) as { field: string }).field).toBe('body')
  })

  it('ignores unknown fields (strip mode) instead of refusing them', async () => {
    const response = await post('/api/auth/login', { email: 'medecin@demo.test', password: 'concerto-demo', admin: true, extra: { nested: 1 } }, null)
    expect(response.status).toBe(200)
  })
})

describe('request bodies are limited to 1 MiB on /api', () => {
  const big = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024) })

  it('answers 413 to a body over the limit with a Content-Length', async () => {
    const response = await post('/api/auth/login', big, null, true)
    expect(response.status).toBe(413)
  })

  it('answers 413 to a streamed body over the limit (no Content-Length)', async () => {
    const bytes = new TextEncoder().encode(big)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.subarray(at, at + 64 * 1024))
        controller.close()
      },
    })
    const response = await concerto.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit)
    expect(response.status).toBe(413)
  })

  it('accepts a body just under the limit (then validates it)', async () => {
    const response = await post('/api/situations', { title: 'T', kind: 'pps', personName: 'x'.repeat(1000 * 1000) })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { field: string }).field).toBe('personName')
  })
})

describe('security headers on every response', () => {
  const paths: [string, string | null][] = [
    ['/', null],
    ['/situations/madame-b', null],
    ['/healthz', null],
    ['/api/me', null],
    ['/api/me', 'cookie'],
    ['/api/situations', 'cookie'],
    ['/api/no-such-route', 'cookie'],
  ]
  for (const [path, auth] of paths) {
    it(`sets CSP, nosniff, referrer policy and frame-ancestors on ${path}${auth ? ' (logged in)' : ''}`, async () => {
      const response = await concerto.app.request(path, { headers: auth ? { cookie: coordinator } : {} })
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(csp.startsWith("default-src 'self'; script-src 'self'")).toBe(true)
      const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'))
      expect(scriptSrc).toBe("script-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('referrer-policy')).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/)
    })
  }

  it('serves an HTML page without inline script or inline event handlers', async () => {
    const response = await concerto.app.request('/')
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    const html = await response.text()
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/)
      expect(body!.trim()).toBe('')
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i)
    expect(html).not.toMatch(/javascript:/i)
  })

  it('also sets them on a 413 and a 401', async () => {
    for (const response of [await post('/api/auth/login', 'x'.repeat(1024 * 1024 + 10), null, true), await concerto.app.request('/api/situations')]) {
      expect([413, 401]).toContain(response.status)
      expect(response.headers.get('content-security-policy') ?? '').toMatch(/^default-src 'self'; script-src 'self'/)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })
})
