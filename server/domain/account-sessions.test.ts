import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { listAccountSessions, logOutEverywhere } from './account-sessions.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
beforeEach(async () => {
  app = await createTestApp()
})
afterEach(async () => app.dispose())

const U = 'user-medecin'

describe('the account’s sessions', () => {
  it('lists the current session as current and the others by a six-character prefix, never a whole id', async () => {
    const here = (await app.sessions.create(U, { address: '10.0.0.1' })).session
    const elsewhere = (await app.sessions.create(U, { address: '10.0.0.2' })).session
    const listed = await listAccountSessions(app, U, here.id)
    expect(listed.find((s) => s.current)).toMatchObject({ id: 'current', address: '10.0.0.1' })
    expect(listed.find((s) => !s.current)).toMatchObject({ id: elsewhere.id.slice(0, 6), address: '10.0.0.2' })
    expect(JSON.stringify(listed)).not.toContain(elsewhere.id)
  })

  it('logs out everywhere but here, or everywhere, and audits it once', async () => {
    const here = await app.sessions.create(U)
    const elsewhere = await app.sessions.create(U)
    await logOutEverywhere(app, U, here.session.id, false, '10.0.0.1')
    expect(await app.sessions.validate(elsewhere.token)).toBeNull()
    expect(await app.sessions.validate(here.token)).not.toBeNull()
    expect((await app.audit.forUser(U, 1))[0]).toMatchObject({ action: 'account.logout-everywhere', address: '10.0.0.1' })
    await logOutEverywhere(app, U, here.session.id, true, '10.0.0.1')
    expect(await app.sessions.validate(here.token)).toBeNull()
  })
})
