import { readGoals } from '../../shared/schema/plan.ts'
import type { CoEvaluationRows, CoEvaluationRating } from '../storage/co-evaluations.ts'
import type { ProgressRows, ProgressStatus } from '../storage/progress.ts'
import type { MeetingRows } from '../storage/meetings.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { UserRows } from '../storage/users.ts'
import { coEvaluationView, type CoEvaluationGoalView } from './co-evaluation.ts'
import { type FollowUpMinutes } from '../export/follow-up-sections.ts'

// The follow-up sections' model and renderers live in export (pure, over this plain model); named here too for the use cases.
export { followUpMinutesHtml, followUpMinutesPdf, PROGRESS_FR, RATING_FR, type FollowUpMinutes } from '../export/follow-up-sections.ts'

export interface FollowUpMinutesDeps {
  coEvaluations: CoEvaluationRows
  progress: ProgressRows
  meetings: Pick<MeetingRows, 'list'>
  situations: Pick<SituationRows, 'activeMembers'>
  users: Pick<UserRows, 'names'>
}

export interface FollowUpMinutesInput {
  situationId: string
  meetingId?: string
  /** The moment the section describes: a meeting's end or a version's date. */
  until: string
  goals: { id: string; title: string }[]
  actions: { id: string; title: string }[]
  withPersonViews: boolean
}

/** The follow-up section as it stood at `until`; progress since the meeting before (for minutes). */
export async function followUpAt(deps: FollowUpMinutesDeps, input: FollowUpMinutesInput): Promise<FollowUpMinutes> {
  const history = await deps.coEvaluations.history(input.situationId)
  const answers = await deps.progress.answers(input.situationId)
  const names = await deps.users.names([...history, ...answers].map((row) => row.userId))
  const userName = (id: string) => names.get(id) ?? ''
  const coEvaluation = coEvaluationView(input.goals, history, { until: input.until, withPerson: input.withPersonViews, userName })
    .filter((goal) => goal.circle || goal.person)
  const previousEnd = input.meetingId
    ? (await deps.meetings.list(input.situationId))
        .filter((m) => m.id !== input.meetingId && m.endedAt !== null && m.endedAt < input.until)
        .map((m) => m.endedAt!)
        .sort()
        .at(-1) ?? ''
    : ''
  const members = new Map((await deps.situations.activeMembers(input.situationId)).map((m) => [m.id, m.name]))
  const titles = new Map(input.actions.map((a) => [a.id, a.title]))
  const latest = new Map<string, FollowUpMinutes['progress'][number]>()
  for (const row of answers) {
    if (row.at <= previousEnd || row.at > input.until) continue
    latest.set(row.actionId, { action: titles.get(row.actionId) ?? row.actionId, owner: members.get(row.memberId) ?? userName(row.userId), status: row.status, note: row.note, at: row.at })
  }
  return { personShown: input.withPersonViews, coEvaluation, progress: [...latest.values()] }
}

/**
 * The co-evaluation at each end of a comparison (a version's date, or now
 * for `current`), for the compare view: both sides per goal, then and now.
 * Empty when the follow-up is not wired (no `followUpAt`).
 */
export async function compareFollowUp(
  deps: { followUpAt?: (input: FollowUpMinutesInput) => Promise<FollowUpMinutes>; versions: { byId(situationId: string, id: string): Promise<{ createdAt: string } | undefined> } },
  situationId: string,
  ends: { a: string; b: string },
  docs: { before: import('yjs').Doc; after: import('yjs').Doc },
  withPersonViews: boolean,
): Promise<{ coEvaluation?: { from: CoEvaluationGoalView[]; to: CoEvaluationGoalView[] } }> {
  if (!deps.followUpAt) return {}
  const at = async (id: string) => (id === 'current' ? new Date().toISOString() : ((await deps.versions.byId(situationId, id))?.createdAt ?? new Date().toISOString()))
  const side = async (id: string, doc: import('yjs').Doc) =>
    (await deps.followUpAt!({ situationId, until: await at(id), goals: readGoals(doc).filter((g) => !g.deletedAt).map((g) => ({ id: g.id, title: g.title })), actions: [], withPersonViews })).coEvaluation
  return { coEvaluation: { from: await side(ends.a, docs.before), to: await side(ends.b, docs.after) } }
}
