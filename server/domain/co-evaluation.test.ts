import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { ROLES } from '../../shared/domain/roles.ts'
import type { CoEvaluationRow } from '../storage/co-evaluations.ts'
import { coEvaluationBoard, coEvaluationSide, coEvaluationView, rateGoal } from './co-evaluation.ts'
import { DomainError } from './errors.ts'
import { canReadPersonViews } from '../auth/policy.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
const S = 'yanis'
const deps = () => ({ coEvaluations: app.followUp.coEvaluations, audit: app.audit, rooms: app.rooms })
const memberOf = async (userId: string) => (await app.situations.memberOfUser(S, userId))!

beforeAll(async () => {
  app = await createTestApp()
})
afterAll(async () => app.dispose())

const statusOf = async (run: () => Promise<unknown>): Promise<number | undefined> => {
  try {
    await run()
  } catch (error) {
    if (error instanceof DomainError) return error.status
    throw error
  }
  return undefined
}

describe('co-evaluation of goals', () => {
  it('lets the person and the legal representative speak for the person side, the coordinator and professionals for the circle, nobody else', () => {
    expect(Object.fromEntries(ROLES.map((role) => [role, coEvaluationSide({ role })]))).toEqual({
      coordinator: 'circle',
      professional: 'circle',
      person: 'person',
      relative: null,
      legalRepresentative: 'person',
      observer: null,
    })
  })

  it('records a rating of a live goal by its side, audited', async () => {
    const row = await rateGoal(deps(), S, await memberOf('user-yanis'), { goalId: 'yanis-work', rating: 'partly', comment: '  Le stage était bien  ' }, { userId: 'user-yanis', address: '' })
    expect(row).toMatchObject({ side: 'person', goalId: 'yanis-work', rating: 'partly', comment: 'Le stage était bien', userId: 'user-yanis' })
    expect((await app.audit.forSituation(S, 1))[0]).toMatchObject({ action: 'coEvaluation.person', target: 'yanis-work', userId: 'user-yanis' })
    const circle = await rateGoal(deps(), S, await memberOf('user-social'), { goalId: 'yanis-work', rating: 'reached' }, { userId: 'user-social', address: '' })
    expect(circle.side).toBe('circle')
  })

  it('refuses a relative (403) and a goal the live plan does not have (400)', async () => {
    expect(await statusOf(async () => rateGoal(deps(), S, await memberOf('user-famille'), { goalId: 'yanis-work', rating: 'reached' }, { userId: 'user-famille', address: '' }))).toBe(403)
    expect(await statusOf(async () => rateGoal(deps(), S, await memberOf('user-social'), { goalId: 'no-such-goal', rating: 'reached' }, { userId: 'user-social', address: '' }))).toBe(400)
  })
})

describe('both views side by side', () => {
  const goals = [{ id: 'g1', title: 'Travailler' }, { id: 'g2', title: 'Se loger' }]
  const rating = (side: 'circle' | 'person', at: string, value: CoEvaluationRow['rating']): CoEvaluationRow => ({
    id: `${side}-${at}`,
    situationId: S,
    goalId: 'g1',
    side,
    rating: value,
    comment: '',
    userId: side === 'person' ? 'u-person' : 'u-pro',
    memberId: 'm',
    at,
  })
  const history = [rating('circle', '2026-01-01T00:00:00Z', 'notReached'), rating('person', '2026-01-02T00:00:00Z', 'partly'), rating('circle', '2026-03-01T00:00:00Z', 'reached')]
  const userName = (id: string) => (id === 'u-pro' ? 'Karim' : 'Yanis')

  it('shows the latest rating of each side, per goal, with the rater’s name', () => {
    const view = coEvaluationView(goals, history, { withPerson: true, userName })
    expect(view[0]).toMatchObject({ goalId: 'g1', circle: { rating: 'reached', byName: 'Karim' }, person: { rating: 'partly', byName: 'Yanis' } })
    expect(view[1]).toEqual({ goalId: 'g2', title: 'Se loger', circle: null, person: null })
  })

  it('shows the ratings as they stood at a meeting’s end, and hides the person side from who may not read it', () => {
    const then = coEvaluationView(goals, history, { until: '2026-02-01T00:00:00Z', withPerson: false, userName })
    expect(then[0]!.circle!.rating).toBe('notReached')
    expect(then[0]!.person).toBeNull()
  })
})

describe('the co-evaluation board of one reader', () => {
  const board = async (userId: string) => coEvaluationBoard({ ...deps(), users: app.users }, (await app.access.context(S, userId))!)

  it('shows the person’s side to who reads the person part, and hides it from the circle’s other readers', async () => {
    await rateGoal(deps(), S, await memberOf('user-yanis'), { goalId: 'yanis-work', rating: 'partly' }, { userId: 'user-yanis', address: '' })
    const mine = await board('user-yanis')
    expect(mine.side).toBe('person')
    expect(mine.goals.find((g) => g.goalId === 'yanis-work')?.person).toMatchObject({ rating: 'partly', byName: 'Yanis Morel' })
    // The circle sees the person's side exactly when the policy lets it read the person part.
    const social = await board('user-social')
    const shown = social.goals.find((g) => g.goalId === 'yanis-work')?.person ?? null
    expect(shown !== null).toBe(canReadPersonViews((await app.access.context(S, 'user-social'))!))
  })

  it('answers the stranger’s 404 to who is not a member', async () => {
    const stranger = { ...(await app.access.context(S, 'user-yanis'))!, member: undefined }
    expect(await statusOf(async () => coEvaluationBoard({ ...deps(), users: app.users }, stranger))).toBe(404)
  })
})
