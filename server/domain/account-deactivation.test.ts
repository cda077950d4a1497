import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { deactivateAccount, mayDeactivate } from './account-deactivation.ts'
import { DomainError } from './errors.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
beforeEach(async () => {
  app = await createTestApp()
})
afterEach(async () => app.dispose())

/** A coordinator of every situation `userId` belongs to, if there is one. */
const coordinatorOfAll = async (userId: string): Promise<string | undefined> => {
  const situationIds = (await app.situations.membershipsOfUser(userId)).map((m) => m.situationId)
  const coordinators = await Promise.all(situationIds.map(async (id) => (await app.situations.activeMembers(id)).filter((m) => m.role === 'coordinator').map((m) => m.userId)))
  return coordinators[0]?.find((candidate) => candidate && coordinators.every((list) => list.includes(candidate))) ?? undefined
}

describe('deactivating an account', () => {
  it('is allowed to the account itself, and to a coordinator of every situation it belongs to', async () => {
    expect(await mayDeactivate(app, 'user-yanis', 'user-yanis')).toBe(true)
    const coordinator = (await coordinatorOfAll('user-yanis'))!
    expect(coordinator).toBeTruthy()
    expect(await mayDeactivate(app, coordinator, 'user-yanis')).toBe(true)
  })

  it('is refused to a member who coordinates none of the account’s situations', async () => {
    expect(await mayDeactivate(app, 'user-famille', 'user-yanis')).toBe(false)
    expect(await mayDeactivate(app, 'user-yanis', 'user-medecin')).toBe(false)
  })

  it('is refused to anyone else for an account in no situation: only its owner ends it', async () => {
    await app.users.insert({ id: 'user-alone', email: 'alone@demo.test', login: null, name: 'Seul', passwordHash: null, createdAt: new Date().toISOString(), emailVerifiedAt: null })
    expect(await mayDeactivate(app, 'user-coordination', 'user-alone')).toBe(false)
    expect(await mayDeactivate(app, 'user-alone', 'user-alone')).toBe(true)
  })

  it('ends the sessions of the account, marks it deactivated and audits it under the actor; a refusal is the stranger’s 404', async () => {
    const session = await app.sessions.create('user-yanis')
    await expect(deactivateAccount(app, 'user-famille', 'user-yanis', '')).rejects.toThrow(DomainError)
    expect((await app.users.byId('user-yanis'))!.deactivatedAt).toBeNull()
    await deactivateAccount(app, 'user-yanis', 'user-yanis', '10.0.0.3')
    expect((await app.users.byId('user-yanis'))!.deactivatedAt).not.toBeNull()
    expect(await app.sessions.validate(session.token)).toBeNull()
    expect((await app.audit.forUser('user-yanis', 1))[0]).toMatchObject({ action: 'account.deactivate', target: 'user-yanis' })
  })
})
