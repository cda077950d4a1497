import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { DomainError } from './errors.ts'
import {
  addSituationMember,
  handOverCoordination,
  removeSituationMember,
  setPlanHidden,
  setSituationStatus,
  updateSituationMember,
} from './memberships.ts'

type TestApp = Awaited<ReturnType<typeof createTestApp>>
let app: TestApp
const actor = { userId: 'user-coordination', address: '127.0.0.1' }
const S = 'yanis'

const memberOf = async (userId: string) => (await app.situations.memberOfUser(S, userId))!
const byName = async (name: string) => (await app.situations.activeMembers(S)).find((m) => m.name === name)!
const lastAudit = async () => (await app.audit.forSituation(S, 1))[0]!

/** The status code of the DomainError a use case throws. */
const refusal = async (run: () => unknown): Promise<number | undefined> => {
  try {
    await run()
  } catch (error) {
    if (error instanceof DomainError) return error.status
    throw error
  }
  return undefined
}

beforeEach(async () => {
  app = await createTestApp()
})
afterEach(async () => {
  await app.dispose()
})

describe('memberships use cases', () => {
  it('adds a circle member without an account, audited, with the default care team of their sector', async () => {
    const member = await addSituationMember(app, S, { userId: null, name: 'Infirmière libérale', role: 'professional', sector: 'health', organisation: 'Cabinet', mission: 'Soins' }, actor)
    expect(member).toMatchObject({ userId: null, role: 'professional', careTeam: true })
    expect((await app.situations.memberById(S, member.id))?.name).toBe('Infirmière libérale')
    expect(await lastAudit()).toMatchObject({ action: 'member.add', target: member.id, userId: actor.userId, detail: { role: 'professional' } })
  })

  it('refuses to add an account that is already a member (409)', async () => {
    expect(await refusal(async () => await addSituationMember(app, S, { userId: 'user-famille', name: 'Nadia', role: 'relative' }, actor))).toBe(409)
  })

  it('recomputes the care team when the sector changes, and keeps an explicit choice', async () => {
    const educator = await memberOf('user-social')
    expect(educator.careTeam).toBe(true)
    expect((await updateSituationMember(app, S, educator.id, { sector: 'social' }, actor)).careTeam).toBe(false)
    expect((await updateSituationMember(app, S, educator.id, { sector: 'health', careTeam: false }, actor)).careTeam).toBe(false)
    expect(await app.situations.memberById(S, educator.id)).toMatchObject({ sector: 'health', careTeam: false })
    expect(await lastAudit()).toMatchObject({ action: 'member.update', target: educator.id })
  })

  it('refuses to make someone coordinator by editing their role: that is the handover (400)', async () => {
    expect(await refusal(async () => await updateSituationMember(app, S, (await memberOf('user-social')).id, { role: 'coordinator' }, actor))).toBe(400)
    expect((await memberOf('user-social')).role).toBe('professional')
  })

  it('refuses to change the coordinator into another role: coordination only moves by handover (400)', async () => {
    expect(await refusal(async () => await updateSituationMember(app, S, (await memberOf('user-coordination')).id, { role: 'professional' }, actor))).toBe(400)
    expect((await memberOf('user-coordination')).role).toBe('coordinator')
    expect((await updateSituationMember(app, S, (await memberOf('user-coordination')).id, { mission: 'Référente' }, actor)).mission).toBe('Référente')
  })

  it('tells who was removed, so the caller knows whether the coordinator left', async () => {
    expect(await removeSituationMember(app, S, (await memberOf('user-famille')).id, actor)).toMatchObject({ userId: 'user-famille', role: 'relative' })
  })

  it('answers 404 for a member of another situation or no member at all', async () => {
    const other = (await app.situations.activeMembers('madame-b'))[0]!
    expect(await refusal(async () => await updateSituationMember(app, S, other.id, { mission: 'x' }, actor))).toBe(404)
    expect(await refusal(async () => await removeSituationMember(app, S, 'no-such-member', actor))).toBe(404)
  })

  it('refuses to remove the only coordinator (409) and removes anyone else, audited', async () => {
    expect(await refusal(async () => await removeSituationMember(app, S, (await memberOf('user-coordination')).id, actor))).toBe(409)
    const mother = await memberOf('user-famille')
    await removeSituationMember(app, S, mother.id, actor)
    expect(await app.situations.memberOfUser(S, 'user-famille')).toBeUndefined()
    expect(await lastAudit()).toMatchObject({ action: 'member.remove', target: mother.id, detail: { role: 'relative' } })
  })

  it('hands coordination over to a professional with an account: the previous coordinator stays as a professional', async () => {
    const previous = await memberOf('user-coordination')
    const next = await handOverCoordination(app, S, (await memberOf('user-social')).id, actor, 'congés')
    expect(next).toMatchObject({ role: 'coordinator', careTeam: true, userId: 'user-social' })
    expect((await app.situations.memberById(S, previous.id))?.role).toBe('professional')
    expect((await app.situations.activeMembers(S)).filter((m) => m.role === 'coordinator').map((m) => m.userId)).toEqual(['user-social'])
    expect(await lastAudit()).toMatchObject({ action: 'coordinator.handover', target: next.id, detail: { note: 'congés' } })
  })

  it('refuses a handover to a member without an account, or to the person or a relative (400)', async () => {
    expect(await refusal(async () => await handOverCoordination(app, S, (await byName('ESAT Les Ateliers du Cher')).id, actor))).toBe(400)
    expect(await refusal(async () => await handOverCoordination(app, S, (await memberOf('user-yanis')).id, actor))).toBe(400)
    expect(await refusal(async () => await handOverCoordination(app, S, (await memberOf('user-famille')).id, actor))).toBe(400)
    expect((await memberOf('user-coordination')).role).toBe('coordinator')
  })

  it('a handover to the current coordinator changes nothing and logs nothing', async () => {
    const before = (await app.audit.forSituation(S)).length
    const same = await handOverCoordination(app, S, (await memberOf('user-coordination')).id, actor)
    expect(same.role).toBe('coordinator')
    expect((await app.audit.forSituation(S)).length).toBe(before)
  })

  it('hides the plan from a relative and shows it again, each audited; only a relative can have it hidden', async () => {
    const mother = await memberOf('user-famille')
    expect((await setPlanHidden(app, S, mother.id, true, { userId: 'user-yanis', address: '' })).planHidden).toBe(true)
    expect((await memberOf('user-famille')).planHidden).toBe(true)
    expect(await lastAudit()).toMatchObject({ action: 'plan.hide', target: mother.id, userId: 'user-yanis' })
    await setPlanHidden(app, S, mother.id, false, { userId: 'user-yanis', address: '' })
    expect((await memberOf('user-famille')).planHidden).toBe(false)
    expect((await lastAudit()).action).toBe('plan.show')
    expect(await refusal(async () => await setPlanHidden(app, S, (await memberOf('user-social')).id, true, actor))).toBe(400)
  })

  it('closing records when and why and sets the stage closed; reopening clears them and asks for a review', async () => {
    const now = new Date('2026-05-01T08:00:00.000Z')
    await setSituationStatus(app, S, 'closed', actor, 'goalsAchieved', now)
    expect(await app.situations.situationById(S)).toMatchObject({ status: 'closed', stage: 'closed', closedAt: now.toISOString(), closedReason: 'goalsAchieved' })
    expect(await lastAudit()).toMatchObject({ action: 'situation.close', detail: { reason: 'goalsAchieved' } })
    await setSituationStatus(app, S, 'open', actor)
    expect(await app.situations.situationById(S)).toMatchObject({ status: 'open', stage: 'toReview', closedAt: null, closedReason: null })
    expect((await lastAudit()).action).toBe('situation.reopen')
  })
})
