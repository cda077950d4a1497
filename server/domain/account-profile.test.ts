import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { createOidcRows } from '../storage/oidc.ts'
import { accountSummary, renameAccount } from './account-profile.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
beforeEach(async () => {
  app = await createTestApp()
})
afterEach(async () => app.dispose())

const PSC = { issuer: 'https://auth.esante.gouv.fr/auth/realms/esante-wallet', label: 'Pro Santé Connect' }

describe('the account page', () => {
  it('says whether the account has a password, never its hash; no sign-on block without a provider', async () => {
    const summary = await accountSummary({}, (await app.users.byId('user-medecin'))!, { sharedDevice: true })
    expect(summary).toMatchObject({ id: 'user-medecin', hasPassword: true, sharedDevice: true, sso: null })
    expect(JSON.stringify(summary)).not.toContain((await app.users.byId('user-medecin'))!.passwordHash!)
  })

  it('shows the provider’s link of the account when a provider is configured', async () => {
    const oidc = createOidcRows(app.sql)
    expect((await accountSummary({ oidc, oidcProvider: PSC }, (await app.users.byId('user-medecin'))!, null)).sso).toEqual({ label: PSC.label, linked: false, linkedAt: null, rpps: null })
    await oidc.link({ issuer: PSC.issuer, subject: 'sub-1', userId: 'user-medecin', rpps: '10001234567', linkedAt: '2026-01-01T00:00:00.000Z' })
    expect((await accountSummary({ oidc, oidcProvider: PSC }, (await app.users.byId('user-medecin'))!, null)).sso).toMatchObject({ linked: true, rpps: '10001234567' })
  })

  it('renames the account, audited', async () => {
    expect(await renameAccount(app, 'user-medecin', 'Dr Paul L.', '10.0.0.1')).toEqual({ id: 'user-medecin', name: 'Dr Paul L.' })
    expect((await app.users.byId('user-medecin'))!.name).toBe('Dr Paul L.')
    expect((await app.audit.forUser('user-medecin', 1))[0]).toMatchObject({ action: 'account.name' })
  })
})
