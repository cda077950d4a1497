import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { DomainError } from '../domain/errors.ts'
import { assertPilotOf, canPilot } from './pilot.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
beforeAll(async () => {
  app = await createTestApp()
})
afterAll(async () => app.dispose())

describe('the pilot right', () => {
  it('is held on a whole département: granted there, nowhere else', async () => {
    await app.pilots.grant('user-social', '41', 'user-coordination')
    expect(await canPilot(app.pilots, 'user-social', '41')).toBe(true)
    expect(await canPilot(app.pilots, 'user-social', '45')).toBe(false)
    expect(await canPilot(app.pilots, 'user-medecin', '41')).toBe(false)
  })

  it('is not given by coordinating situations in the département (a coordinator gets 403)', async () => {
    expect((await app.situations.membershipsOfUser('user-coordination')).some((m) => m.role === 'coordinator')).toBe(true)
    let error: unknown
    try {
      await assertPilotOf(app.pilots, 'user-coordination', '37')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(DomainError)
    expect((error as DomainError).status).toBe(403)
  })

  it('ends when revoked', async () => {
    await app.pilots.grant('user-infirmier', '18', null)
    await expect(assertPilotOf(app.pilots, 'user-infirmier', '18')).resolves.toBeUndefined()
    await app.pilots.revoke('user-infirmier', '18')
    await expect(assertPilotOf(app.pilots, 'user-infirmier', '18')).rejects.toThrow(DomainError)
  })
})
