import type { Action, Goal } from '../../shared/schema/plan.ts'
import { LIFE_DOMAINS, type LifeDomain } from '../../shared/schema/person.ts'

export const PERSON_STEPS = ['project', 'expectations', 'views', 'agreement'] as const
export type PersonStep = (typeof PERSON_STEPS)[number]

/** One screen of the person's view: one thing at a time. */
export type PersonScreen =
  | { step: 'project'; key: 'summary' }
  | { step: 'project'; key: LifeDomain }
  | { step: 'expectations'; key: 'expectations' }
  | { step: 'views'; key: string; goal: Goal | null; actions: Action[] }
  | { step: 'agreement'; key: 'agreement' }

/** The screens in order: life project (summary, then each domain), expectations, a view per goal, agreement. */
export function personScreens(goals: Goal[], actions: Action[]): PersonScreen[] {
  const live = goals.filter((goal) => goal.deletedAt === null)
  return [
    { step: 'project', key: 'summary' },
    ...LIFE_DOMAINS.map((domain) => ({ step: 'project' as const, key: domain })),
    { step: 'expectations', key: 'expectations' },
    ...(live.length === 0
      ? [{ step: 'views' as const, key: 'none', goal: null, actions: [] }]
      : live.map((goal) => ({ step: 'views' as const, key: goal.id, goal, actions: actions.filter((action) => action.goalId === goal.id && action.deletedAt === null) }))),
    { step: 'agreement', key: 'agreement' },
  ]
}
