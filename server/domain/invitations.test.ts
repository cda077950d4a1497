import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { verifyPassword } from '../auth/passwords.ts'
import { DEMO_PASSWORD } from '../seed/demo.ts'
import { DomainError } from './errors.ts'
import { acceptInvitation, createInvitation, createResetInvitation } from './invitations.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
const S = 'yanis'
beforeEach(async () => {
  app = await createTestApp()
})
afterEach(async () => app.dispose())

const statusOf = async (run: Promise<unknown>) => run.then(() => null, (error: unknown) => (error instanceof DomainError ? error.status : error))

/** A member of S whose every membership S's coordinator coordinates: a reset link may be issued for them. */
const resettable = async () => {
  for (const member of await app.situations.activeMembers(S)) {
    if (member.userId && member.role !== 'coordinator' && (await app.situations.membershipsOfUser(member.userId)).every((m) => m.situationId === S)) return member
  }
  throw new Error('no resettable member')
}

describe('accepting an invitation, in one transaction', () => {
  it('creates the account and its membership together, and the link is then used', async () => {
    const { id, token } = await createInvitation(app, S, { role: 'relative', name: 'Oncle', email: 'Oncle@Demo.test' }, 'user-coordination')
    const result = await acceptInvitation(app, token, { password: 'a long passphrase' }, '10.0.0.1')
    expect(result).toMatchObject({ created: true, situationId: S, purpose: 'join' })
    expect((await app.users.byIdentifier('oncle@demo.test'))?.id).toBe(result.userId)
    expect((await app.situations.memberOfUser(S, result.userId))?.role).toBe('relative')
    expect((await app.invitations.byId(id))?.usedBy).toBe(result.userId)
  })

  it('rolls the link’s use back when the membership is refused inside the transaction', async () => {
    // An account already in Yanis's circle: the link is spent, then the membership refused, and both undone.
    const member = (await app.situations.activeMembers(S)).find((m) => m.userId && m.role === 'professional')!
    const email = (await app.users.byId(member.userId!))!.email!
    const { id, token } = await createInvitation(app, S, { role: 'professional', name: 'Dr', email }, 'user-coordination')
    expect(await statusOf(acceptInvitation(app, token, { password: DEMO_PASSWORD }, '10.0.0.1'))).toBe(409)
    expect((await app.invitations.byId(id))?.usedAt).toBeNull()
  })

  it('sets a reset link’s password once: of two accepts at once, one wins and the other is told the link is used', async () => {
    const member = await resettable()
    const { token } = await createResetInvitation(app, S, member.id, 'user-coordination')
    const outcomes = await Promise.all(
      ['first passphrase', 'second passphrase'].map((password) => acceptInvitation(app, token, { password }, '10.0.0.1').then(() => password, (error: unknown) => error)),
    )
    const winners = outcomes.filter((outcome): outcome is string => typeof outcome === 'string')
    expect(winners).toHaveLength(1)
    expect(outcomes.find((outcome) => outcome instanceof DomainError)).toMatchObject({ status: 410 })
    const account = (await app.users.byId(member.userId!))!
    expect(await verifyPassword(account.passwordHash!, winners[0]!)).toBe(true)
  })

  it('refuses a used reset link before it changes the password', async () => {
    const member = await resettable()
    const { token } = await createResetInvitation(app, S, member.id, 'user-coordination')
    await acceptInvitation(app, token, { password: 'first passphrase' }, '10.0.0.1')
    expect(await statusOf(acceptInvitation(app, token, { password: 'second passphrase' }, '10.0.0.1'))).toBe(410)
    const account = (await app.users.byId(member.userId!))!
    expect(await verifyPassword(account.passwordHash!, 'first passphrase')).toBe(true)
  })
})
