import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { createLoginThrottle } from '../auth/rate-limit.ts'

/**
 * Issue 14: failed logins are throttled per (account, address) pair, with a
 * growing wait, never by a lock of the account or of an address for everyone.
 * TRUST_PROXY=1 (and only then) reads the client address from X-Forwarded-For.
 */
let proxied: Awaited<ReturnType<typeof createTestApp>>
let direct: Awaited<ReturnType<typeof createTestApp>>
const attempt = (app: typeof proxied, email: string, password: string, forwardedFor?: string) =>
  app.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ email, password }),
  })

beforeAll(async () => {
  ;[proxied, direct] = await Promise.all([createTestApp({ TRUST_PROXY: '1' }), createTestApp()])
})
afterAll(async () => Promise.all([proxied.dispose(), direct.dispose()]))

describe('login throttling that cannot lock the owner out', () => {
  it('lets the owner log in from her address after 45 failures against her account from another address', async () => {
    let failures = 0
    let slowed = 0
    for (let i = 0; i < 45; i++) {
      const response = await attempt(proxied, 'medecin@demo.test', `devine-${i}`, '203.0.113.7')
      if (response.status === 401) failures++
      else if (response.status === 429) slowed++
    }
    // The attacker's pair soon waits (exponential backoff), so most of the 45 are refused unchecked.
    expect(failures).toBe(5)
    expect(slowed).toBe(40)
    expect((await attempt(proxied, 'medecin@demo.test', 'concerto-demo', '198.51.100.2')).status).toBe(200)
    // The attacker's address is not locked for everyone behind it either: another account logs in from it.
    expect((await attempt(proxied, 'infirmier@demo.test', 'concerto-demo', '203.0.113.7')).status).toBe(200)
  })

  it('reads the address the proxy appended last, not one the client wrote before it', async () => {
    for (let i = 0; i < 5; i++) await attempt(proxied, 'social@demo.test', `faux-${i}`, `10.0.0.${i}, 192.0.2.50`)
    // Varying the client-written part changes nothing: the pair (account, 192.0.2.50) is slowed.
    expect((await attempt(proxied, 'social@demo.test', 'concerto-demo', '10.9.9.9, 192.0.2.50')).status).toBe(429)
    expect((await attempt(proxied, 'social@demo.test', 'concerto-demo', '192.0.2.51')).status).toBe(200)
  })

  it('ignores X-Forwarded-For without TRUST_PROXY: a client cannot pick its own address', async () => {
    for (let i = 0; i < 5; i++) await attempt(direct, 'famille@demo.test', `faux-${i}`, `198.51.100.${i}`)
    expect((await attempt(direct, 'famille@demo.test', 'concerto-demo', '198.51.100.99')).status).toBe(429)
  })
})

describe('the throttle itself', () => {
  it('doubles the wait after each failure past the free ones, caps it, and forgets a pair after a success', () => {
    let now = 0
    const throttle = createLoginThrottle({ freeFailures: 2, maxWaitMs: 8000, now: () => now })
    throttle.recordFailure('a', 'x')
    expect(throttle.waitSeconds('a', 'x')).toBe(0)
    throttle.recordFailure('a', 'x')
    expect(throttle.waitSeconds('a', 'x')).toBe(1)
    now += 1000
    throttle.recordFailure('a', 'x')
    expect(throttle.waitSeconds('a', 'x')).toBe(2)
    for (let i = 0; i < 10; i++) throttle.recordFailure('a', 'x')
    expect(throttle.waitSeconds('a', 'x')).toBe(8)
    expect(throttle.waitSeconds('a', 'y')).toBe(0)
    expect(throttle.waitSeconds('b', 'x')).toBe(0)
    throttle.reset('a', 'x')
    expect(throttle.waitSeconds('a', 'x')).toBe(0)
  })
})
