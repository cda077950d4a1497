import { useTranslation } from 'react-i18next'
import type { CoEvaluationGoal } from '../../shared/api/follow-up.ts'
import { NAMESPACES } from '../i18n/catalog.ts'

/**
 * In the compare view: each goal's co-evaluation at both ends, the circle's
 * and the person's side by side (the person's only for who may read it: the
 * server leaves it null otherwise). Nothing when neither end has one.
 */
export function CoEvaluationCompare({ coEvaluation }: { coEvaluation?: { from: CoEvaluationGoal[]; to: CoEvaluationGoal[] } }) {
  const { t } = useTranslation(NAMESPACES.followUp)
  if (!coEvaluation || (coEvaluation.from.length === 0 && coEvaluation.to.length === 0)) return null
  const ids = [...new Set([...coEvaluation.from, ...coEvaluation.to].map((g) => g.goalId))]
  const find = (list: CoEvaluationGoal[], id: string) => list.find((g) => g.goalId === id)
  const show = (view: CoEvaluationGoal['circle'] | undefined) => (view ? `${t(`coEvaluation.rating.${view.rating}`)}${view.comment ? ` — « ${view.comment} »` : ''}` : t('review.none'))
  return (
    <section className="compare-group" data-testid="co-evaluation-compare">
      <h3>{t('review.compareTitle')}</h3>
      <table className="review-goals">
        <thead>
          <tr>
            <th scope="col">{t('review.goal')}</th>
            <th scope="col">{t('review.circle')} — {t('review.before')}</th>
            <th scope="col">{t('review.circle')} — {t('review.after')}</th>
            <th scope="col">{t('review.person')} — {t('review.before')}</th>
            <th scope="col">{t('review.person')} — {t('review.after')}</th>
          </tr>
        </thead>
        <tbody>
          {ids.map((id) => {
            const before = find(coEvaluation.from, id)
            const after = find(coEvaluation.to, id)
            return (
              <tr key={id}>
                <th scope="row">{(after ?? before)!.title}</th>
                <td>{show(before?.circle)}</td>
                <td>{show(after?.circle)}</td>
                <td>{show(before?.person)}</td>
                <td>{show(after?.person)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}
