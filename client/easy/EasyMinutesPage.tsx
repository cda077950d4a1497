import { useEffect, useRef, type ReactNode } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { CalendarClock, CalendarDays, ClipboardCheck, Target, User, Users } from 'lucide-react'
import { formatDate } from '../app/i18n.ts'
import { easyReadHref } from '../app/router.ts'
import { Notice, Spinner } from '../ui/primitives.tsx'
import { ReadAloudButton } from '../ui/read-aloud.tsx'
import { fetchEasyMinutes } from '../api/meetings.ts'
import type { EasyMinutes } from '../../shared/api/follow-up.ts'
import { RATING_ICONS } from './CoEvaluationPage.tsx'
import { NAMESPACES } from '../i18n/catalog.ts'

function EasyBlock({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null)
  return (
    <section className="easy-block" aria-label={label} data-testid={testId}>
      <div ref={ref}>{children}</div>
      <ReadAloudButton target={ref} label={label} />
    </section>
  )
}

/** "Sophie Durand, infirmière,": a name and, when known, what they do (the sentence goes on). */
const whoInWords = (who: string, profession: string) => (profession ? `${who}, ${profession},` : who)

function Minutes({ minutes, situationId }: { minutes: EasyMinutes; situationId: string }) {
  const { t, i18n } = useTranslation(NAMESPACES.followUp)
  const date = formatDate(minutes.date, i18n.language) ?? ''
  return (
    <>
      <h1>{t('easyMinutes.title', { date })}</h1>
      <p className="person-links">
        <a href={easyReadHref(situationId)}>{t('easyMinutes.back')}</a>
      </p>
      <EasyBlock label={t('easyMinutes.decidedTitle')} testId="easy-decided">
        <h2 className="easy-goal-title">
          <ClipboardCheck aria-hidden="true" size={40} />
          <span>{t('easyMinutes.decidedTitle')}</span>
        </h2>
        {minutes.decisions.length === 0 && minutes.newGoals.length === 0 && <p className="easy-line">{t('easyMinutes.noDecision')}</p>}
        <ul className="easy-actions">
          {minutes.newGoals.map((title) => (
            <li key={`goal-${title}`} className="easy-line">
              <Target aria-hidden="true" size={22} /> <span>{t('easyMinutes.newGoal', { title })}</span>
            </li>
          ))}
          {minutes.decisions.map((decision, index) => (
            <li key={`decision-${index}`} className="easy-line">
              <span>{decision.text}</span>
            </li>
          ))}
        </ul>
      </EasyBlock>
      <EasyBlock label={t('easyMinutes.whoTitle')} testId="easy-who">
        <h2 className="easy-goal-title">
          <Users aria-hidden="true" size={40} />
          <span>{t('easyMinutes.whoTitle')}</span>
        </h2>
        <ul className="easy-actions">
          {minutes.actions.map((action, index) => {
            const due = formatDate(action.dueDate, i18n.language)
            return (
              <li key={index} className="easy-action">
                <p className="easy-line">
                  <User aria-hidden="true" size={22} />
                  <span>{t('easyMinutes.who', { who: whoInWords(action.who, action.whoProfession), title: action.title })}</span>
                </p>
                {action.frequency && <p className="easy-line">{t('easyMinutes.when', { when: action.frequency })}</p>}
                {due && (
                  <p className="easy-line">
                    <CalendarClock aria-hidden="true" size={22} />
                    <span>{t('easyMinutes.dueBy', { date: due })}</span>
                  </p>
                )}
              </li>
            )
          })}
        </ul>
      </EasyBlock>
      {minutes.coEvaluation.length > 0 && (
        <EasyBlock label={t('easyMinutes.viewsTitle')} testId="easy-views">
          <h2 className="easy-goal-title">
            <Target aria-hidden="true" size={40} />
            <span>{t('easyMinutes.viewsTitle')}</span>
          </h2>
          <ul className="easy-actions">
            {minutes.coEvaluation.map((goal) => (
              <li key={goal.goalId} className="easy-action">
                <p className="easy-action-title">{goal.title}</p>
                {goal.person && <EasyRating prefix="easyMinutes.yourView" rating={goal.person.rating} />}
                {goal.circle && <EasyRating prefix="easyMinutes.teamView" rating={goal.circle.rating} />}
              </li>
            ))}
          </ul>
        </EasyBlock>
      )}
      <EasyBlock label={t('easyMinutes.nextTitle')} testId="easy-next">
        <h2 className="easy-goal-title">
          <CalendarDays aria-hidden="true" size={40} />
          <span>{t('easyMinutes.nextTitle')}</span>
        </h2>
        <p className="easy-line">
          {minutes.nextMeeting ? t('easyMinutes.nextMeeting', { date: formatDate(minutes.nextMeeting, i18n.language) }) : t('easyMinutes.noNextMeeting')}
        </p>
        {minutes.reviewDate && <p className="easy-line">{t('easyMinutes.review', { date: formatDate(minutes.reviewDate, i18n.language) })}</p>}
      </EasyBlock>
    </>
  )
}

function EasyRating({ prefix, rating }: { prefix: string; rating: 'reached' | 'partly' | 'notReached' }) {
  const { t } = useTranslation(NAMESPACES.followUp)
  const Icon = RATING_ICONS[rating]
  return (
    <p className="easy-line">
      <Icon aria-hidden="true" size={24} />
      <span>{t(prefix, { rating: t(`coEvaluation.easyRating.${rating}`) })}</span>
    </p>
  )
}

/** A meeting's minutes in easy-to-read French with pictograms and read-aloud: `#/situations/<id>/reunions/<meetingId>/facile`. */
export function EasyMinutesPage({ situationId, meetingId }: { situationId: string; meetingId: string }) {
  const { t } = useTranslation(NAMESPACES.followUp)
  const { t: tc, i18n } = useTranslation()
  const query = useQuery({ queryKey: ['situations', situationId, 'meetings', meetingId, 'easy'], queryFn: () => fetchEasyMinutes(situationId, meetingId) })
  const minutes = query.data
  useEffect(() => {
    if (minutes) document.title = `${t('easyMinutes.title', { date: formatDate(minutes.date, i18n.language) })} — ${tc('app.name')}`
  }, [minutes, t, tc, i18n.language])
  return (
    <main id="main" className="page easy-page" lang={i18n.language}>
      {query.isPending && <Spinner label={tc('app.loading')} />}
      {!minutes && query.isError && <Notice tone="error">{t('easyMinutes.loadError')}</Notice>}
      {minutes && <Minutes minutes={minutes} situationId={situationId} />}
    </main>
  )
}
