import { ReviewPanel } from '../situation/ReviewPanel.tsx'
import { useCallback, useEffect, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { CalendarClock, MapPin, Play, UserRound } from 'lucide-react'
import { ApiError } from '../api/http.ts'
import type { SituationDetail } from '../api/types.ts'
import { situationHref } from '../app/router.ts'
import { useSession } from '../app/session.tsx'
import { ConnectionBanner } from '../situation/ConnectionBanner.tsx'
import { PlanContext } from '../situation/plan-context.tsx'
import { PresenceBar } from '../situation/PresenceBar.tsx'
import { Badge, Button, Notice, Spinner } from '../ui/primitives.tsx'
import { fetchMeeting, startMeeting } from '../api/meetings.ts'
import type { Meeting, MeetingDetail, MeetingStatus } from '../../shared/api/meetings.ts'
import { AttendancePanel } from './AttendancePanel.tsx'
import { DecisionsLog } from './DecisionsLog.tsx'
import { EndMeetingForm } from './EndMeetingForm.tsx'
import { FollowUpPanel } from './FollowUpPanel.tsx'
import { meetingsHref } from '../app/hrefs.ts'
import { MinutesPanel } from './MinutesPanel.tsx'
import { formatInstant } from '../ui/paris-time.ts'
import { describeTarget, targetHref } from './plan-targets.ts'
import { MEETING_NS } from './strings.ts'
import type { MeetingPlan } from './use-meeting-plan.ts'

/** How often the meeting (status, attendance) is re-read while the page is open. */
export const MEETING_REFRESH_MS = 3000

const STATUS_TONE: Record<MeetingStatus, 'amber' | 'green' | 'neutral'> = { planned: 'amber', started: 'green', ended: 'neutral' }

export function StatusBadge({ status }: { status: MeetingStatus }) {
  const { t } = useTranslation(MEETING_NS)
  return (
    <span className={`meeting-status meeting-status-${status}`} data-status={status}>
      <Badge tone={STATUS_TONE[status]}>{t(`status.${status}`)}</Badge>
    </span>
  )
}

export const memberNameOfUser = (situation: SituationDetail, userId: string): string => situation.members.find((member) => member.userId === userId)?.name ?? ''

const isLink = (place: string) => /^https?:\/\/\S+$/.test(place.trim())

type State = { status: 'loading' } | { status: 'notFound' } | { status: 'error' } | { status: 'ready'; meeting: MeetingDetail }

/**
 * The meeting, re-read every few seconds while the page is visible (attendance is recorded by
 * the server as people connect). `replace` shows a meeting the server just answered with, then
 * re-reads it and everything that lists or derives from it (the meetings, the versions it validated).
 */
function useMeeting(situationId: string, meetingId: string) {
  const queryClient = useQueryClient()
  const query = useQuery({ queryKey: ['situations', situationId, 'meetings', meetingId], queryFn: () => fetchMeeting(situationId, meetingId), refetchInterval: MEETING_REFRESH_MS })
  const state: State =
    query.error instanceof ApiError && query.error.status === 404
      ? { status: 'notFound' }
      : query.data
        ? { status: 'ready', meeting: query.data }
        : query.isError
          ? { status: 'error' }
          : { status: 'loading' }
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: ['situations', situationId, 'meetings', meetingId] }), [queryClient, situationId, meetingId])
  const replace = useCallback(
    (meeting: Meeting) => {
      queryClient.setQueryData<MeetingDetail>(['situations', situationId, 'meetings', meetingId], (current) => (current ? { ...current, ...meeting } : current))
      // The list (and the plan's live-meeting link) below this key; ending one validates a version and dates it in the life line.
      for (const what of ['meetings', 'versions', 'timeline']) void queryClient.invalidateQueries({ queryKey: ['situations', situationId, what] })
    },
    [queryClient, situationId, meetingId],
  )
  return { state, refresh, replace }
}

function Agenda({ meeting, situation, plan }: { meeting: Meeting; situation: SituationDetail; plan: MeetingPlan }) {
  const { t } = useTranslation(MEETING_NS)
  const { t: tc } = useTranslation()
  const doc = plan.synced ? (plan.collab?.doc ?? null) : null
  return (
    <section className="plan-section meeting-agenda" aria-labelledby="meeting-agenda-title">
      <h2 id="meeting-agenda-title">{t('page.agenda')}</h2>
      {meeting.agenda.length === 0 ? (
        <p className="muted">{t('page.noAgenda')}</p>
      ) : (
        <ol className="agenda-list">
          {meeting.agenda.map((item, index) => (
            <li key={index} className="agenda-item">
              <span className="agenda-title">{item.title}</span>
              {item.target && (
                <a className="agenda-target" href={targetHref(situation.id, item.target)}>
                  {describeTarget(item.target, doc, t, tc)}
                </a>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

/**
 * One meeting, live: status and start, agenda, attendance (server-recorded
 * connections plus manual entries), the decisions log in the plan, ending
 * with a review date, and the minutes.
 */
export function MeetingPage({ situation, meetingId, plan }: { situation: SituationDetail; meetingId: string; plan: MeetingPlan }) {
  const { t, i18n } = useTranslation(MEETING_NS)
  const { t: tc } = useTranslation()
  const { expire } = useSession()
  const { state, refresh, replace } = useMeeting(situation.id, meetingId)
  const [starting, setStarting] = useState(false)
  const [failed, setFailed] = useState(false)
  const [ending, setEnding] = useState(false)

  const meeting = state.status === 'ready' ? state.meeting : null
  useEffect(() => {
    if (meeting) document.title = `${meeting.title || t(`kind.${meeting.kind}`)} — ${tc('app.name')}`
  }, [meeting?.title, meeting?.kind, t, tc]) // eslint-disable-line react-hooks/exhaustive-deps

  if (state.status === 'loading')
    return (
      <main id="main" className="page">
        <Spinner label={tc('app.loading')} />
      </main>
    )
  if (state.status === 'notFound' || state.status === 'error')
    return (
      <main id="main" className="page">
        <h1>{t('list.title')}</h1>
        <Notice tone="error" action={state.status === 'error' ? <Button onClick={refresh}>{tc('app.retry')}</Button> : undefined}>
          {state.status === 'notFound' ? t('page.notFound') : t('page.loadError')}
        </Notice>
        <p>
          <a href={meetingsHref(situation.id)}>{t('page.back')}</a>
        </p>
      </main>
    )

  const current = state.meeting
  const runner = situation.role === 'coordinator' || current.convener === situation.me.userId
  const start = async () => {
    setStarting(true)
    setFailed(false)
    try {
      replace(await startMeeting(situation.id, current.id))
    } catch {
      setFailed(true)
    } finally {
      setStarting(false)
    }
  }
  const convener = memberNameOfUser(situation, current.convener)

  return (
    <main id="main" className="page page-wide meeting-page" data-meeting-id={current.id} data-status={current.status}>
      <nav className="panel-breadcrumbs" aria-label={t('page.back')}>
        <a href={situationHref(situation.id)}>{situation.title}</a>
        <span aria-hidden="true"> › </span>
        <a href={meetingsHref(situation.id)}>{t('list.title')}</a>
      </nav>
      <header className="situation-header meeting-header">
        <div>
          <p className="eyebrow">
            <Badge tone="blue" title={t(`kind.${current.kind}`)}>
              {t(`kindShort.${current.kind}`)}
            </Badge>{' '}
            <StatusBadge status={current.status} />
          </p>
          <h1>{current.title || t(`kind.${current.kind}`)}</h1>
          <ul className="meeting-facts">
            <li>
              <CalendarClock size={17} aria-hidden="true" /> <span className="visually-hidden">{t('page.when')} : </span>
              {formatInstant(current.startsAt, i18n.language)}
            </li>
            <li>
              <MapPin size={17} aria-hidden="true" /> <span className="visually-hidden">{t('page.place')} : </span>
              {current.place ? (
                isLink(current.place) ? (
                  <a href={current.place} target="_blank" rel="noopener noreferrer">
                    {t('page.joinVideo')}
                  </a>
                ) : (
                  current.place
                )
              ) : (
                <span className="muted">{t('page.noPlace')}</span>
              )}
            </li>
            {convener && (
              <li>
                <UserRound size={17} aria-hidden="true" /> {t('page.convener')} {convener}
              </li>
            )}
          </ul>
        </div>
        <div className="meeting-header-side">
          <ConnectionBanner status={plan.status} onLogin={expire} />
          {current.status === 'planned' && runner && (
            <Button variant="primary" className="btn-large" disabled={starting} onClick={() => void start()}>
              <Play size={18} aria-hidden="true" /> {starting ? t('page.starting') : t('page.start')}
            </Button>
          )}
        </div>
      </header>
      {failed && <Notice tone="error">{t('page.failed')}</Notice>}
      {current.status === 'planned' && <Notice tone="info">{runner ? t('page.startHint') : t('page.waitingStart')}</Notice>}
      {current.status === 'started' && current.startedAt && (
        <Notice tone="success">{t('page.startedAt', { time: formatInstant(current.startedAt, i18n.language, 'long') })}</Notice>
      )}

      <div className="workspace meeting-workspace">
        <div className="workspace-main">
          {current.status === 'ended' && <MinutesPanel situationId={situation.id} meeting={current} mayDraft={runner} onChanged={replace} />}
          {current.status === 'ended' && situation.access.plan !== 'none' && (
            <FollowUpPanel situation={situation} versionId={current.versionId} doc={plan.synced ? (plan.collab?.doc ?? null) : null} />
          )}
          {current.status === 'started' && situation.access.plan !== 'none' && <ReviewPanel situation={situation} />}
          <Agenda meeting={current} situation={situation} plan={plan} />
          {current.status !== 'planned' &&
            situation.access.plan !== 'none' &&
            (plan.context && plan.synced ? (
              <PlanContext.Provider value={plan.context}>
                <DecisionsLog meetingId={current.id} editable={current.status === 'started'} />
              </PlanContext.Provider>
            ) : (
              <Spinner label={tc('situation.waitingSync')} />
            ))}
          {current.status === 'started' &&
            runner &&
            (ending ? (
              <>
              <FollowUpPanel situation={situation} versionId={null} doc={plan.synced ? (plan.collab?.doc ?? null) : null} />
              <EndMeetingForm situationId={situation.id} meeting={current} kind={situation.kind} onEnded={(ended) => {
                setEnding(false)
                replace(ended)
              }} />
              </>
            ) : (
              <div className="end-toggle">
                <Button variant="secondary" onClick={() => setEnding(true)}>
                  {t('end.toggle')}
                </Button>
              </div>
            ))}
        </div>
        <aside className="workspace-side meeting-side">
          <AttendancePanel
            meeting={current}
            situation={situation}
            personDoc={plan.personDoc}
            canRecord={runner && current.status !== 'planned' && !(current.status === 'ended' && current.publishedAt)}
            onRecorded={refresh}
          />
          {plan.collab && <PresenceBar peers={plan.context?.peers ?? []} doc={plan.collab.doc} />}
        </aside>
      </div>
    </main>
  )
}
