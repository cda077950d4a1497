import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { DomainError } from './errors.ts'
import { answerProgress, latestProgress, ownerMember, requestProgress, situationProgress } from './progress.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
const S = 'yanis'
const coordinator = { userId: 'user-coordination', address: '' }
const deps = () => ({ situations: app.situations, audit: app.audit, records: app.records, planActions: app.planActions, progress: app.followUp.progress, reads: app.followUp.reads })
const memberOf = async (userId: string) => (await app.situations.memberOfUser(S, userId))!

const statusOf = async (run: () => Promise<unknown>): Promise<number | undefined> => {
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
afterEach(async () => app.dispose())

describe('progress checks ("point d’étape")', () => {
  it('finds who answers for an action: the member it names, else the first member of the organisation with an account, else nobody', async () => {
    const members = await app.situations.activeMembers(S)
    const educator = await memberOf('user-social')
    expect(ownerMember(members, educator.id)?.id).toBe(educator.id)
    expect(ownerMember(members, 'IME Les Peupliers')?.id).toBe(educator.id)
    const esat = members.find((m) => m.organisation === 'ESAT')!
    expect(ownerMember(members, esat.id)).toBeNull()
    expect(ownerMember(members, null)).toBeNull()
  })

  it('asks each reachable owner of an open action once, audited, and lists the actions nobody can answer for', async () => {
    const { requests, unreachable } = await requestProgress(deps(), S, { message: 'Où en est-on ?' }, coordinator)
    expect(requests.map((r) => r.actionId)).toEqual(['yanis-budget'])
    expect(requests[0]).toMatchObject({ ownerMemberId: (await memberOf('user-social')).id, message: 'Où en est-on ?', answeredAt: null })
    expect(unreachable.map((u) => u.actionId).sort()).toEqual(['yanis-esat-list', 'yanis-housing-request', 'yanis-stage'])
    const audited = (await app.audit.forSituation(S)).filter((row) => row.action === 'progress.request')
    expect(audited).toHaveLength(1)

    // Asking again keeps the first request and logs nothing new.
    const again = await requestProgress(deps(), S, {}, coordinator)
    expect(again.requests[0]!.id).toBe(requests[0]!.id)
    expect((await app.audit.forSituation(S)).filter((row) => row.action === 'progress.request')).toHaveLength(1)
  })

  it('refuses to ask about an action the plan does not have (400)', async () => {
    expect(await statusOf(async () => await requestProgress(deps(), S, { actionIds: ['no-such-action'] }, coordinator))).toBe(400)
  })

  it('lets only the owner answer, wants a reason for "blocked", and closes the open request', async () => {
    const { requests } = await requestProgress(deps(), S, {}, coordinator)
    const educator = await memberOf('user-social')
    expect(await statusOf(async () => answerProgress(deps(), S, 'yanis-budget', await memberOf('user-famille'), { status: 'done' }, { userId: 'user-famille', address: '' }))).toBe(403)
    expect(await statusOf(async () => answerProgress(deps(), S, 'yanis-budget', educator, { status: 'blocked', note: '   ' }, { userId: 'user-social', address: '' }))).toBe(400)
    expect(await statusOf(async () => answerProgress(deps(), S, 'no-such-action', educator, { status: 'done' }, { userId: 'user-social', address: '' }))).toBe(404)

    const answer = await answerProgress(deps(), S, 'yanis-budget', educator, { status: 'blocked', note: ' Plus de créneau ' }, { userId: 'user-social', address: '' })
    expect(answer).toMatchObject({ requestId: requests[0]!.id, status: 'blocked', note: 'Plus de créneau', memberId: educator.id })
    expect((await app.audit.forSituation(S, 1))[0]).toMatchObject({ action: 'progress.blocked', target: 'yanis-budget' })
    const shown = await situationProgress(deps(), S)
    expect(shown.open).toEqual([])
    expect(shown.answers).toEqual([expect.objectContaining({ actionId: 'yanis-budget', status: 'blocked', byName: educator.name })])
  })

  it('keeps the latest answer per action, or the latest as of a date', async () => {
    const educator = await memberOf('user-social')
    const actor = { userId: 'user-social', address: '' }
    await answerProgress(deps(), S, 'yanis-budget', educator, { status: 'underWay' }, actor, new Date('2026-03-01T00:00:00Z'))
    await answerProgress(deps(), S, 'yanis-budget', educator, { status: 'done' }, actor, new Date('2026-04-01T00:00:00Z'))
    expect((await latestProgress(deps(), S)).get('yanis-budget')!.status).toBe('done')
    expect((await latestProgress(deps(), S, '2026-03-15T00:00:00Z')).get('yanis-budget')!.status).toBe('underWay')
  })
})
