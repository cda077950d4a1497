import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { sessionAfterAcceptance } from './invitation-session.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
beforeEach(async () => {
  app = await createTestApp()
})
afterEach(async () => app.dispose())

const client = { address: '10.0.0.8', userAgent: 'test' }

describe('the session an accepted link opens', () => {
  it('keeps the current session when its account accepts a join', async () => {
    expect(await sessionAfterAcceptance(app, { userId: 'user-medecin', purpose: 'join' }, 'user-medecin', client)).toBeNull()
  })

  it('opens a session for the invitee when nobody, or another account, is logged in', async () => {
    const token = (await sessionAfterAcceptance(app, { userId: 'user-medecin', purpose: 'join' }, 'user-famille', client))!
    expect((await app.sessions.validate(token))?.userId).toBe('user-medecin')
  })

  it('ends every older session of the account on a reset, even the caller’s own, and opens a fresh one', async () => {
    const older = await app.sessions.create('user-medecin')
    const token = (await sessionAfterAcceptance(app, { userId: 'user-medecin', purpose: 'reset' }, 'user-medecin', client))!
    expect(await app.sessions.validate(older.token)).toBeNull()
    expect((await app.sessions.validate(token))?.userId).toBe('user-medecin')
  })
})
