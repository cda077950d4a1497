import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { CircleCheck, CircleDashed, CircleX, type LucideIcon } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import type { SituationDetail } from '../api/types.ts'
import { easyReadHref } from '../app/router.ts'
import { SituationLoader } from '../situation/SituationLoader.tsx'
import { Button, LiveRegion, Notice, Spinner } from '../ui/primitives.tsx'
import { ReadAloudButton } from '../ui/read-aloud.tsx'
import { fetchCoEvaluation, rateGoal, type CoEvaluationGoal, type Rating } from '../api/follow-up.ts'
import { NAMESPACES } from '../i18n/catalog.ts'

export const RATING_ICONS: Record<Rating, LucideIcon> = { reached: CircleCheck, partly: CircleDashed, notReached: CircleX }
const RATINGS: Rating[] = ['reached', 'partly', 'notReached']

function Block({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null)
  return (
    <section className="easy-block easy-goal" aria-label={label} data-testid={testId}>
      <div ref={ref}>{children}</div>
      <ReadAloudButton target={ref} label={label} />
    </section>
  )
}

/** One goal: three big choices with a pictogram and easy words, a comment, one button. */
function GoalRating({ goal, index, situationId, onSaved }: { goal: CoEvaluationGoal; index: number; situationId: string; onSaved: () => void }) {
  const { t } = useTranslation(NAMESPACES.followUp)
  const queryClient = useQueryClient()
  const [rating, setRating] = useState<Rating | null>(goal.person?.rating ?? null)
  const [comment, setComment] = useState(goal.person?.comment ?? '')
  const [state, setState] = useState<'idle' | 'busy' | 'saved' | 'failed'>('idle')
  const label = t('coEvaluation.goal', { n: index + 1 })
  const save = async () => {
    if (!rating) return
    setState('busy')
    try {
      await rateGoal(situationId, goal.goalId, rating, comment)
      setState('saved')
      onSaved()
      // The circle's review panel (and this list) read the ratings again.
      void queryClient.invalidateQueries({ queryKey: ['situations', situationId, 'co-evaluations'] })
    } catch {
      setState('failed')
    }
  }
  return (
    <Block label={label} testId="co-evaluation-goal">
      <h2 className="easy-goal-title">
        <span>
          <span className="easy-goal-number">{label}</span> {goal.title}
        </span>
      </h2>
      <fieldset className="easy-choices">
        <legend className="easy-line">{t('coEvaluation.question')}</legend>
        {RATINGS.map((value) => {
          const Icon = RATING_ICONS[value]
          return (
            <label key={value} className={rating === value ? 'easy-choice selected' : 'easy-choice'}>
              <input type="radio" name={`rating-${goal.goalId}`} value={value} checked={rating === value} onChange={() => setRating(value)} />
              <Icon aria-hidden="true" size={32} />
              <span>{t(`coEvaluation.easyRating.${value}`)}</span>
            </label>
          )
        })}
      </fieldset>
      <label className="easy-line" htmlFor={`comment-${goal.goalId}`}>
        {t('coEvaluation.comment')}
      </label>
      <textarea id={`comment-${goal.goalId}`} className="easy-comment" value={comment} onChange={(event) => setComment(event.target.value)} rows={2} maxLength={2000} />
      <p>
        <Button variant="primary" disabled={!rating || state === 'busy'} onClick={() => void save()}>
          {t('coEvaluation.save')}
        </Button>
      </p>
      {state === 'saved' && <p className="easy-line" data-testid="co-evaluation-saved">{t('coEvaluation.saved')}</p>}
      {state === 'failed' && (
        <p className="easy-line" role="alert">
          {t('coEvaluation.failed')}
        </p>
      )}
      {goal.circle && <p className="easy-line muted">{t('coEvaluation.circle', { rating: t(`coEvaluation.rating.${goal.circle.rating}`) })}</p>}
    </Block>
  )
}

function CoEvaluation({ situation }: { situation: SituationDetail }) {
  const { t } = useTranslation(NAMESPACES.followUp)
  const { t: tc, i18n } = useTranslation()
  const query = useQuery({ queryKey: ['situations', situation.id, 'co-evaluations'], queryFn: () => fetchCoEvaluation(situation.id) })
  const data = query.data
  const [message, setMessage] = useState('')
  useEffect(() => {
    document.title = `${t('coEvaluation.title')} — ${tc('app.name')}`
  }, [t, tc])
  return (
    <main id="main" className="page easy-page" lang={i18n.language}>
      <h1>{t('coEvaluation.title')}</h1>
      <p className="person-links">
        <a href={easyReadHref(situation.id)}>{t('coEvaluation.back')}</a>
      </p>
      <p className="easy-line">{t('coEvaluation.intro')}</p>
      {query.isPending && <Spinner label={tc('app.loading')} />}
      {!data && query.isError && <Notice tone="error">{t('coEvaluation.failed')}</Notice>}
      {data && data.side !== 'person' && <Notice tone="info">{t('coEvaluation.notYours')}</Notice>}
      {data && data.side === 'person' && data.goals.length === 0 && <p className="easy-line">{t('coEvaluation.noGoals')}</p>}
      {data &&
        data.side === 'person' &&
        data.goals.map((goal, index) => <GoalRating key={goal.goalId} goal={goal} index={index} situationId={situation.id} onSaved={() => setMessage(t('coEvaluation.saved'))} />)}
      <LiveRegion message={message} />
    </main>
  )
}

/** The person rates each goal in easy words, before or during the review meeting: `#/situations/<id>/co-evaluation`. */
export function CoEvaluationPage({ situationId }: { situationId: string }) {
  return <SituationLoader situationId={situationId}>{(situation) => <CoEvaluation situation={situation} />}</SituationLoader>
}
