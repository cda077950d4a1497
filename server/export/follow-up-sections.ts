import { html } from 'hono/html'
import type { Content } from 'pdfmake/interfaces'
import type { CoEvaluationRating } from '../storage/co-evaluations.ts'
import type { CoEvaluationGoal as CoEvaluationGoalView, CoEvaluationSideView } from '../../shared/api/follow-up.ts'
import type { ProgressStatus } from '../storage/progress.ts'

/** One goal's co-evaluation, circle and person side by side (a side is null when not given or not shown): the wire shape. */
export type { CoEvaluationGoalView, CoEvaluationSideView }

/**
 * What the follow-up adds to the minutes, the version PDF and the compare
 * view: the co-evaluation of each goal (circle and person side by side) and
 * the progress answers given since the previous meeting. Built by
 * domain/follow-up-minutes.ts, drawn by the small renderers below, so the exports only add one call each.
 */
export interface FollowUpMinutes {
  /** False when the reader may not read the person's part: the person's column is left out. */
  personShown: boolean
  coEvaluation: CoEvaluationGoalView[]
  progress: { action: string; owner: string; status: ProgressStatus; note: string; at: string }[]
}

export const RATING_FR: Record<CoEvaluationRating, string> = { reached: 'Atteint', partly: 'En partie', notReached: 'Pas atteint' }
export const PROGRESS_FR: Record<ProgressStatus, string> = { done: 'Fait', underWay: 'En cours', blocked: 'Bloqué' }

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

