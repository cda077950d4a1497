import { nanoid } from 'nanoid'
import { documentName } from '../../shared/schema/roots.ts'
import { readGoals } from '../../shared/schema/plan.ts'
import type { MemberRow } from '../storage/situations.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { CoEvaluationRating, CoEvaluationRow, CoEvaluationRows, CoEvaluationSide } from '../storage/co-evaluations.ts'
import type { LiveDocuments } from './live-documents.ts'
import { docFromState } from './compare.ts'
import { DomainError } from './errors.ts'
import type { Actor } from './memberships.ts'
import { speaksForPerson } from '../../shared/domain/roles.ts'
import { canReadPersonViews, canReadPlanViews, type PolicyContext } from '../auth/policy.ts'
import type { UserRows } from '../storage/users.ts'
import type { CoEvaluationGoal as CoEvaluationGoalView, CoEvaluationSideView } from '../../shared/api/follow-up.ts'

/** The wire shapes of `GET …/co-evaluations` (shared/api/follow-up.ts), named here as the minutes and easy-read call them. */
export type { CoEvaluationGoalView, CoEvaluationSideView }

export interface CoEvaluationDeps {
  coEvaluations: CoEvaluationRows
  audit: AuditRows
  rooms: LiveDocuments
}

/**
 * Which side a member speaks for: the person (or their legal
 * representative, on their behalf) or the circle (coordinator and
 * professionals). Relatives and observers do not rate goals.
 */
export function coEvaluationSide(member: Pick<MemberRow, 'role'>): CoEvaluationSide | null {
  if (speaksForPerson(member.role)) return 'person'
  if (member.role === 'coordinator' || member.role === 'professional') return 'circle'
  return null
}

/** The live plan's goals (not removed), id and title. */
export async function liveGoals(rooms: LiveDocuments, situationId: string): Promise<{ id: string; title: string }[]> {
  const [state] = await rooms.encodeStates([documentName(situationId, 'plan')])
  const doc = docFromState(state!)
  try {
    return readGoals(doc).filter((goal) => !goal.deletedAt).map((goal) => ({ id: goal.id, title: goal.title }))
  } finally {
    doc.destroy()
  }
}

/** Records one side's rating of one goal, written by who gives it. */
export async function rateGoal(
  deps: CoEvaluationDeps,
  situationId: string,
  member: MemberRow,
  input: { goalId: string; rating: CoEvaluationRating; comment?: string },
  actor: Actor,
  now = new Date(),
): Promise<CoEvaluationRow> {
  const side = coEvaluationSide(member)
  if (!side) throw new DomainError(403, 'only the person, their legal representative or the circle’s professionals rate a goal')
  const goals = await liveGoals(deps.rooms, situationId)
  if (!goals.some((goal) => goal.id === input.goalId)) throw new DomainError(400, 'unknown goal', { field: 'goalId' })
  const row: CoEvaluationRow = { id: nanoid(12), situationId, goalId: input.goalId, side, rating: input.rating, comment: input.comment?.trim() ?? '', userId: actor.userId, memberId: member.id, at: now.toISOString() }
  await deps.coEvaluations.insert(row)
  await deps.audit.append({ situationId, userId: actor.userId, action: `coEvaluation.${side}`, target: input.goalId, address: actor.address || null }, now)
  return row
}



/**
 * Both views side by side, per goal, as they stood at `until` (a meeting's
 * end, a version's date) or now. `withPerson` false hides the person's side
 * from readers who may not read the person's part.
 */
export function coEvaluationView(
  goals: { id: string; title: string }[],
  history: CoEvaluationRow[],
  { until, withPerson, userName }: { until?: string; withPerson: boolean; userName: (userId: string) => string },
): CoEvaluationGoalView[] {
  const latest = new Map<string, CoEvaluationRow>()
  for (const row of history) if (!until || row.at <= until) latest.set(`${row.goalId}:${row.side}`, row)
  const side = (goalId: string, name: CoEvaluationSide): CoEvaluationSideView | null => {
    const row = latest.get(`${goalId}:${name}`)
    return row ? { rating: row.rating, comment: row.comment, by: row.userId, byName: userName(row.userId), at: row.at } : null
  }
  return goals.map((goal) => ({ goalId: goal.id, title: goal.title, circle: side(goal.id, 'circle'), person: withPerson ? side(goal.id, 'person') : null }))
}

/**
 * The co-evaluation page for one reader: their side (or none), and per live
 * goal both views side by side. Who reads neither the plan's views nor the
 * person's gets the stranger's 404; the person's side is shown only to who
 * reads the person part.
 *
 * @example const { side, goals } = await coEvaluationBoard(deps, context)
 */
export async function coEvaluationBoard(deps: CoEvaluationDeps & { users: Pick<UserRows, 'names'> }, context: PolicyContext) {
  const withPerson = canReadPersonViews(context)
  if (!canReadPlanViews(context) && !withPerson) throw new DomainError(404, 'not found')
  const goals = await liveGoals(deps.rooms, context.situation.id)
  const history = await deps.coEvaluations.history(context.situation.id)
  const names = await deps.users.names(history.map((row) => row.userId))
  const view = coEvaluationView(goals, history, { withPerson, userName: (id) => names.get(id) ?? '' })
  return { side: context.member ? coEvaluationSide(context.member) : null, goals: view }
}
