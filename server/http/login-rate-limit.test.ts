import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'

// Its own server: once the address is blocked, no login from 127.0.0.1 works.
let server: TestServer
const attempt = (email: string, password: string) =>
  fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })

/** The limits app.ts sets: 10 failures per account, 50 per address, in 15 minutes. */
const PER_ACCOUNT = 10
const PER_ADDRESS = 50

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server.dispose())

describe('login rate limiting per address', () => {
  it('blocks an address after many failures spread over accounts, counting failed attempts only', async () => {
    // 49 failures over seven unknown accounts: 7 each, under the account limit.
    for (let i = 0; i < PER_ADDRESS - 1; i++) {
      const response = await attempt(`inconnu-${i % 7}@demo.test`, `faux-${i}`)
      expect(response.status).toBe(401)
    }
    // Successful logins from the same address are not counted, however many.
    for (let i = 0; i < 5; i++) expect((await attempt('medecin@demo.test', 'concerto-demo')).status).toBe(200)
    // The 50th failure is still answered; after it the address is blocked, for every account.
    expect((await attempt('inconnu-9@demo.test', 'faux')).status).toBe(401)
    const blocked = await attempt('infirmier@demo.test', 'concerto-demo')
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await attempt('medecin@demo.test', 'concerto-demo')).status).toBe(429)
  })
})
