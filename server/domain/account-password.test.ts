import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { verifyPassword } from '../auth/passwords.ts'
import { changePassword } from './account-password.ts'
import { DomainError } from './errors.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
beforeEach(async () => {
  app = await createTestApp()
})
afterEach(async () => app.dispose())

const U = 'user-medecin'

describe('changing one’s password', () => {
  it('refuses a wrong current password (400 naming the field) and changes nothing', async () => {
    const session = await app.sessions.create(U)
    const error = await changePassword(app, (await app.users.byId(U))!, { currentPassword: 'not-it', newPassword: 'a new passphrase' }, '').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DomainError)
    expect(error).toMatchObject({ status: 400, details: { field: 'currentPassword' } })
    expect(await verifyPassword((await app.users.byId(U))!.passwordHash!, 'concerto-demo')).toBe(true)
    expect(await app.sessions.validate(session.token)).not.toBeNull()
  })

  it('sets the new password, ends every session of the account, this one included, and audits it', async () => {
    const session = await app.sessions.create(U)
    await changePassword(app, (await app.users.byId(U))!, { currentPassword: 'concerto-demo', newPassword: 'a new passphrase' }, '10.0.0.9')
    expect(await verifyPassword((await app.users.byId(U))!.passwordHash!, 'a new passphrase')).toBe(true)
    expect(await app.sessions.validate(session.token)).toBeNull()
    expect((await app.audit.forUser(U, 1))[0]).toMatchObject({ action: 'account.password', address: '10.0.0.9' })
  })
})
