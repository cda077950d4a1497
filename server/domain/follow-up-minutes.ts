import { html } from 'hono/html'
import type { Content } from 'pdfmake/interfaces'
import { readGoals } from '../../shared/schema/plan.ts'
import type { CoEvaluationRows, CoEvaluationRating } from '../storage/co-evaluations.ts'
import type { ProgressRows, ProgressStatus } from '../storage/progress.ts'
import type { MeetingRows } from '../storage/meetings.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { UserRows } from '../storage/users.ts'
import { coEvaluationView, type CoEvaluationGoalView } from './co-evaluation.ts'

/**
 * What the follow-up adds to the minutes, the version PDF and the compare
 * view: the co-evaluation of each goal (circle and person side by side) and
 * the progress answers given since the previous meeting. Built here, drawn
 * by the small renderers below, so the exports only add one call each.
 */
export interface FollowUpMinutes {
  /** False when the reader may not read the person's part: the person's column is left out. */
  personShown: boolean
  coEvaluation: CoEvaluationGoalView[]
  progress: { action: string; owner: string; status: ProgressStatus; note: string; at: string }[]
}

export const RATING_FR: Record<CoEvaluationRating, string> = { reached: 'Atteint', partly: 'En partie', notReached: 'Pas atteint' }
export const PROGRESS_FR: Record<ProgressStatus, string> = { done: 'Fait', underWay: 'En cours', blocked: 'Bloqué' }

export interface FollowUpMinutesDeps {
  coEvaluations: CoEvaluationRows
  progress: ProgressRows
  meetings: Pick<MeetingRows, 'list'>
  situations: Pick<SituationRows, 'activeMembers'>
  users: Pick<UserRows, 'byId'>
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
export function followUpAt(deps: FollowUpMinutesDeps, input: FollowUpMinutesInput): FollowUpMinutes {
  const userName = (id: string) => deps.users.byId(id)?.name ?? ''
  const coEvaluation = coEvaluationView(input.goals, deps.coEvaluations.history(input.situationId), { until: input.until, withPerson: input.withPersonViews, userName })
    .filter((goal) => goal.circle || goal.person)
  const previousEnd = input.meetingId
    ? deps.meetings
        .list(input.situationId)
        .filter((m) => m.id !== input.meetingId && m.endedAt !== null && m.endedAt < input.until)
        .map((m) => m.endedAt!)
        .sort()
        .at(-1) ?? ''
    : ''
  const members = new Map(deps.situations.activeMembers(input.situationId).map((m) => [m.id, m.name]))
  const titles = new Map(input.actions.map((a) => [a.id, a.title]))
  const latest = new Map<string, FollowUpMinutes['progress'][number]>()
  for (const row of deps.progress.answers(input.situationId)) {
    if (row.at <= previousEnd || row.at > input.until) continue
    latest.set(row.actionId, { action: titles.get(row.actionId) ?? row.actionId, owner: members.get(row.memberId) ?? userName(row.userId), status: row.status, note: row.note, at: row.at })
  }
  return { personShown: input.withPersonViews, coEvaluation, progress: [...latest.values()] }
}

const side = (view: CoEvaluationGoalView['circle']) => (view ? `${RATING_FR[view.rating]}${view.comment ? ` — « ${view.comment} »` : ''}` : '—')

/** The minutes' HTML sections (escaped text only). */
export function followUpMinutesHtml(followUp: FollowUpMinutes | undefined) {
  if (!followUp) return ''
  const withPerson = followUp.personShown
  return html`${followUp.progress.length
    ? html`<h2>Point d’étape des actions</h2><table><thead><tr><th>Action</th><th>Porteur</th><th>Avancement</th></tr></thead><tbody>
${followUp.progress.map((p) => html`<tr><td>${p.action}</td><td>${p.owner}</td><td>${PROGRESS_FR[p.status]}${p.note ? html` — « ${p.note} »` : ''}</td></tr>`)}</tbody></table>`
    : ''}
${followUp.coEvaluation.length
    ? html`<h2>Co-évaluation des objectifs</h2><table class="co-evaluation"><thead><tr><th>Objectif</th><th>Avis du cercle</th>${withPerson ? html`<th>Avis de la personne</th>` : ''}</tr></thead><tbody>
${followUp.coEvaluation.map((g) => html`<tr><td>${g.title}</td><td>${side(g.circle)}</td>${withPerson ? html`<td>${side(g.person)}</td>` : ''}</tr>`)}</tbody></table>`
    : ''}`
}

/** The same sections for pdfmake (minutes and version PDFs). */
export function followUpMinutesPdf(followUp: FollowUpMinutes | undefined): Content[] {
  if (!followUp) return []
  const out: Content[] = []
  const table = (widths: string[], head: string[], rows: string[][]): Content => ({
    table: { headerRows: 1, widths, body: [head.map((text) => ({ text, style: 'tableHeader' })), ...rows.map((row) => row.map((text) => ({ text, style: 'cell' })))] },
    layout: 'lightHorizontalLines',
  })
  if (followUp.progress.length) {
    out.push({ text: 'Point d’étape des actions', style: 'h2' }, table(['40%', '25%', '*'], ['Action', 'Porteur', 'Avancement'], followUp.progress.map((p) => [p.action, p.owner, `${PROGRESS_FR[p.status]}${p.note ? ` — « ${p.note} »` : ''}`])))
  }
  if (followUp.coEvaluation.length) {
    const withPerson = followUp.personShown
    out.push(
      { text: 'Co-évaluation des objectifs', style: 'h2' },
      withPerson
        ? table(['34%', '33%', '*'], ['Objectif', 'Avis du cercle', 'Avis de la personne'], followUp.coEvaluation.map((g) => [g.title, side(g.circle), side(g.person)]))
        : table(['40%', '*'], ['Objectif', 'Avis du cercle'], followUp.coEvaluation.map((g) => [g.title, side(g.circle)])),
    )
  }
  return out
}

/**
 * The co-evaluation at each end of a comparison (a version's date, or now
 * for `current`), for the compare view: both sides per goal, then and now.
 * Empty when the follow-up is not wired (no `followUpAt`).
 */
export function compareFollowUp(
  deps: { followUpAt?: (input: FollowUpMinutesInput) => FollowUpMinutes; versions: { byId(situationId: string, id: string): { createdAt: string } | undefined } },
  situationId: string,
  ends: { a: string; b: string },
  docs: { before: import('yjs').Doc; after: import('yjs').Doc },
  withPersonViews: boolean,
): { coEvaluation?: { from: CoEvaluationGoalView[]; to: CoEvaluationGoalView[] } } {
  if (!deps.followUpAt) return {}
  const at = (id: string) => (id === 'current' ? new Date().toISOString() : (deps.versions.byId(situationId, id)?.createdAt ?? new Date().toISOString()))
  const side = (id: string, doc: import('yjs').Doc) =>
    deps.followUpAt!({ situationId, until: at(id), goals: readGoals(doc).filter((g) => !g.deletedAt).map((g) => ({ id: g.id, title: g.title })), actions: [], withPersonViews }).coEvaluation
  return { coEvaluation: { from: side(ends.a, docs.before), to: side(ends.b, docs.after) } }
}
