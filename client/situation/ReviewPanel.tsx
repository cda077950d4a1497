import { useTranslation } from 'react-i18next'
import { useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { SituationDetail } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { Button } from '../ui/primitives.tsx'
import {
  askProgress,
  fetchCoEvaluation,
  fetchSituationProgress,
  fetchStage,
  rateGoal,
  type CoEvaluationGoal,
  type Rating,
} from '../api/follow-up.ts'
import { NAMESPACES } from '../i18n/catalog.ts'

const RATINGS: Rating[] = ['reached', 'partly', 'notReached']

/** During a review meeting the person may answer from their phone: their view shows up here within seconds. */
const REFRESH_MS = 15_000

/** The circle's rating of one goal: three choices, a comment, one button. */
function CircleRating({ situationId, goal, onSaved }: { situationId: string; goal: CoEvaluationGoal; onSaved: (message: string) => void }) {
  const { t } = useTranslation(NAMESPACES.followUp)
  const [rating, setRating] = useState<Rating | ''>(goal.circle?.rating ?? '')
  const [comment, setComment] = useState(goal.circle?.comment ?? '')
  const [busy, setBusy] = useState(false)
  const save = async () => {
    if (!rating) return
    setBusy(true)
    try {
      await rateGoal(situationId, goal.goalId, rating, comment)
      onSaved(t('review.saved'))
    } catch {
      onSaved(t('review.failed'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="review-rate">
      <label>
        <span className="visually-hidden">{t('review.rateFor', { title: goal.title })}</span>
        <select value={rating} onChange={(event) => setRating(event.target.value as Rating)} aria-label={t('review.rateFor', { title: goal.title })}>
          <option value="">{t('review.none')}</option>
          {RATINGS.map((value) => (
            <option key={value} value={value}>
              {t(`coEvaluation.rating.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <input type="text" value={comment} onChange={(event) => setComment(event.target.value)} aria-label={t('review.comment', { title: goal.title })} maxLength={2000} />
      <Button disabled={!rating || busy} onClick={() => void save()}>
        {t('review.save')}
      </Button>
    </div>
  )
}

/**
 * The plan's follow-up in one panel, on the plan and in the review meeting:
 * its stage, the coordinator's "point d'étape" request and the answers on
 * each action, and the co-evaluation of each goal with the circle's and the
 * person's views side by side (the circle rates here; the person in their
 * own space, in easy words). In the situation shell because the plan page and
 * the meeting page both show it.
 */
export function ReviewPanel({ situation }: { situation: Pick<SituationDetail, 'id' | 'role' | 'status'> }) {
  const { t, i18n } = useTranslation(NAMESPACES.followUp)
  const queryClient = useQueryClient()
  const key = (what: string) => ['situations', situation.id, what]
  const stage = useQuery({ queryKey: key('stage'), queryFn: () => fetchStage(situation.id), refetchInterval: REFRESH_MS }).data ?? null
  const progress = useQuery({ queryKey: key('progress'), queryFn: () => fetchSituationProgress(situation.id), refetchInterval: REFRESH_MS }).data ?? null
  const goals = useQuery({ queryKey: key('co-evaluations'), queryFn: () => fetchCoEvaluation(situation.id), refetchInterval: REFRESH_MS }).data?.goals ?? []
  const [message, setMessage] = useState('')
  const coordinates = situation.role === 'coordinator'
  const ratesForCircle = (situation.role === 'coordinator' || situation.role === 'professional') && situation.status !== 'closed'
  const reload = () => {
    for (const what of ['stage', 'progress', 'co-evaluations']) void queryClient.invalidateQueries({ queryKey: key(what) })
  }
  const ask = async () => {
    try {
      const result = await askProgress(situation.id)
      setMessage(
        [t('review.asked', { count: result.requests.length }), result.unreachable.length ? t('review.unreachable', { titles: result.unreachable.map((a) => a.title).join(', ') }) : '']
          .filter(Boolean)
          .join(' '),
      )
      reload()
    } catch {
      setMessage(t('review.askFailed'))
    }
  }
  const side = (view: CoEvaluationGoal['circle']) =>
    view ? `${t(`coEvaluation.rating.${view.rating}`)}${view.comment ? ` — « ${view.comment} »` : ''} (${view.byName})` : t('review.none')
  return (
    <section className="plan-section review-panel" aria-labelledby="review-panel-title" data-testid="review-panel">
      <h2 id="review-panel-title">{t('review.title')}</h2>
      {stage && (
        <p>
          {t('review.stage', { stage: t(`review.stages.${stage.stage}`) })}
          {stage.reviewDate ? ` — ${t('review.reviewDate', { date: formatDate(stage.reviewDate, i18n.language) })}` : ''}
        </p>
      )}
      {coordinates && situation.status !== 'closed' && (
        <p>
          <Button onClick={() => void ask()}>{t('review.askProgress')}</Button>
        </p>
      )}
      <h3>{t('review.progressTitle')}</h3>
      {progress && progress.answers.length === 0 && progress.open.length === 0 && <p className="muted">{t('review.noProgress')}</p>}
      {progress && (progress.answers.length > 0 || progress.open.length > 0) && (
        <ul className="review-progress" data-testid="review-progress">
          {progress.answers.map((answer) => (
            <li key={`a-${answer.actionId}`} data-action-id={answer.actionId}>
              <strong>{answer.actionTitle}</strong> : {t('review.answer', { status: t(`progress.status.${answer.status}`), name: answer.byName, date: formatDate(answer.at, i18n.language, 'medium') })}
              {answer.note ? ` : « ${answer.note} »` : ''}
            </li>
          ))}
          {progress.open.map((request) => (
            <li key={`o-${request.id}`} className="muted" data-action-id={request.actionId}>
              <strong>{request.actionTitle}</strong> : {t('review.waiting', { name: request.ownerName })}
            </li>
          ))}
        </ul>
      )}
      {goals.length > 0 && (
        <>
          <h3>{t('review.goalsTitle')}</h3>
          <table className="review-goals" data-testid="review-goals">
            <thead>
              <tr>
                <th scope="col">{t('review.goal')}</th>
                <th scope="col">{t('review.circle')}</th>
                <th scope="col">{t('review.person')}</th>
              </tr>
            </thead>
            <tbody>
              {goals.map((goal) => (
                <tr key={goal.goalId}>
                  <th scope="row">{goal.title}</th>
                  <td>
                    {side(goal.circle)}
                    {ratesForCircle && (
                      <CircleRating
                        situationId={situation.id}
                        goal={goal}
                        onSaved={(text) => {
                          setMessage(text)
                          reload()
                        }}
                      />
                    )}
                  </td>
                  <td>{side(goal.person)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {/*
        The outcome of the reader's own action, visible beside the panel and read politely. Not the
        page's live region (the situation page keeps one, for remote changes only), so tests and
        screen readers never mistake this confirmation for an announcement of others' edits.
      */}
      <p className="muted small review-status" role="status" aria-live="polite" aria-atomic="true" data-testid="review-status">
        {message}
      </p>
    </section>
  )
}
