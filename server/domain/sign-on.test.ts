import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { createOidcRows } from '../storage/oidc.ts'
import { DomainError } from './errors.ts'
import { accountForSignOn, linkSignOn, unlinkSignOn } from './sign-on.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
let deps: Parameters<typeof accountForSignOn>[0]
const PSC = 'https://auth.esante.gouv.fr/auth/realms/esante-wallet'
const identity = (subject: string, rpps: string | null = null) => ({ issuer: PSC, subject, rpps, acr: null })

beforeEach(async () => {
  app = await createTestApp()
  deps = { oidc: createOidcRows(app.sql), users: app.users, audit: app.audit }
})
afterEach(async () => app.dispose())

describe('single sign-on links', () => {
  it('reaches no account before a link is made, whatever the provider says', async () => {
    expect(await accountForSignOn(deps, identity('sub-1', '10001234567'))).toBeNull()
  })

  it('reaches the linked account by subject, or by RPPS identifier, and audits the link', async () => {
    await linkSignOn(deps, 'user-medecin', identity('sub-1', '10001234567'), '10.0.0.4')
    expect(await accountForSignOn(deps, identity('sub-1'))).toBe('user-medecin')
    expect(await accountForSignOn(deps, identity('another-subject', '10001234567'))).toBe('user-medecin')
    expect(await accountForSignOn(deps, { ...identity('sub-1'), issuer: 'https://other.example' })).toBeNull()
    expect((await app.audit.forUser('user-medecin', 1))[0]).toMatchObject({ action: 'account.sso.link', situationId: null })
  })

  it('refuses to link a subject already linked to another account (409), and links the same one again without a new entry', async () => {
    await linkSignOn(deps, 'user-medecin', identity('sub-1'), '')
    let error: unknown
    try {
      await linkSignOn(deps, 'user-infirmier', identity('sub-1'), '')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(DomainError)
    expect((error as DomainError).status).toBe(409)
    const before = (await app.audit.forUser('user-medecin')).length
    await linkSignOn(deps, 'user-medecin', identity('sub-1'), '')
    expect((await app.audit.forUser('user-medecin')).length).toBe(before)
  })

  it('keeps one link per provider and account: a new subject replaces the old one', async () => {
    await linkSignOn(deps, 'user-medecin', identity('old-sub'), '')
    await linkSignOn(deps, 'user-medecin', identity('new-sub'), '')
    expect(await accountForSignOn(deps, identity('old-sub'))).toBeNull()
    expect(await accountForSignOn(deps, identity('new-sub'))).toBe('user-medecin')
  })

  it('reaches no deactivated account', async () => {
    await linkSignOn(deps, 'user-medecin', identity('sub-1'), '')
    await app.users.deactivate('user-medecin', new Date().toISOString())
    expect(await accountForSignOn(deps, identity('sub-1'))).toBeNull()
  })
})

describe('unlinking the sign-on', () => {
  it('refuses an account without a password (409: it would be left without a way in), and unlinks one with a password, audited', async () => {
    await linkSignOn(deps, 'user-medecin', identity('sub-1'), '')
    const user = (await app.users.byId('user-medecin'))!
    await expect(unlinkSignOn(deps, { ...user, passwordHash: null }, PSC, '')).rejects.toThrow(DomainError)
    expect(await accountForSignOn(deps, identity('sub-1'))).toBe('user-medecin')
    await unlinkSignOn(deps, user, PSC, '10.0.0.5')
    expect(await accountForSignOn(deps, identity('sub-1'))).toBeNull()
    expect((await app.audit.forUser('user-medecin', 1))[0]).toMatchObject({ action: 'account.sso.unlink', address: '10.0.0.5' })
  })
})
