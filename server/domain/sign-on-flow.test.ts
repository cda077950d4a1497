import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { createOidcRows } from '../storage/oidc.ts'
import { linkSignOn } from './sign-on.ts'
import { beginSignOn, openSignOnSession, PENDING_SIGN_ON_TTL_MS, signOnLogin, takeSignOnFlow } from './sign-on-flow.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
let oidc: ReturnType<typeof createOidcRows>
const PSC = 'https://auth.esante.gouv.fr/auth/realms/esante-wallet'
let flows = 0
/** The provider's side of the start: a fresh state, verifier and nonce each time. */
const rp = {
  start: async () => {
    flows++
    return { url: `https://provider.example/auth?state=state-${flows}`, state: `state-${flows}`, codeVerifier: `verifier-${flows}`, nonce: `nonce-${flows}` }
  },
}

beforeEach(async () => {
  app = await createTestApp()
  oidc = createOidcRows(app.db)
})
afterEach(async () => app.dispose())

describe('a sign-on flow', () => {
  it('keeps the flow’s secrets until its callback, which takes them once', async () => {
    const url = await beginSignOn({ oidc, rp }, { purpose: 'link', userId: 'user-medecin', personalDevice: true })
    const state = new URL(url).searchParams.get('state')!
    expect(takeSignOnFlow({ oidc }, state)).toMatchObject({ purpose: 'link', userId: 'user-medecin', personalDevice: true, codeVerifier: expect.stringMatching(/^verifier-/) })
    expect(takeSignOnFlow({ oidc }, state)).toBeUndefined()
    expect(takeSignOnFlow({ oidc }, '')).toBeUndefined()
  })

  it('forgets a flow not finished in time, and purges stale ones when the next one starts', async () => {
    const startedAt = Date.now() - PENDING_SIGN_ON_TTL_MS - 1000
    const old = new URL(await beginSignOn({ oidc, rp }, { purpose: 'login' }, startedAt)).searchParams.get('state')!
    expect(takeSignOnFlow({ oidc }, old)).toBeUndefined()
    const stale = new URL(await beginSignOn({ oidc, rp }, { purpose: 'login' }, startedAt)).searchParams.get('state')!
    await beginSignOn({ oidc, rp }, { purpose: 'login' })
    expect(oidc.takePending(stale)).toBeUndefined()
  })

  it('logs in only a linked account, and audits an identity that is not linked', async () => {
    const deps = { oidc, users: app.users, audit: app.audit }
    expect(await signOnLogin(deps, { issuer: PSC, subject: 'unknown', rpps: null, acr: null }, '10.0.0.7')).toBeNull()
    expect(app.db.prepare("SELECT address FROM audit_events WHERE action = 'login.sso.unlinked'").all()).toEqual([{ address: '10.0.0.7' }])
    await linkSignOn(deps, 'user-medecin', { issuer: PSC, subject: 'sub-1', rpps: null, acr: null }, '')
    expect(await signOnLogin(deps, { issuer: PSC, subject: 'sub-1', rpps: null, acr: null }, '')).toBe('user-medecin')
  })

  it('opens a session on a shared device unless the user said the device is personal', async () => {
    const shared = await openSignOnSession(app, 'user-medecin', { personalDevice: false, address: '', userAgent: null })
    const personal = await openSignOnSession(app, 'user-medecin', { personalDevice: true, address: '', userAgent: null })
    expect((await app.sessions.validate(shared))?.sharedDevice).toBe(true)
    expect((await app.sessions.validate(personal))?.sharedDevice).toBe(false)
  })
})
