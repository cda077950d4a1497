import { useEffect, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { CalendarClock, FileDown, FileText, MapPin } from 'lucide-react'
import type { SituationDetail } from '../api/types.ts'
import { navigate, situationHref } from '../app/router.ts'
import { useSession } from '../app/session.tsx'
import { SituationLoader } from '../situation/SituationLoader.tsx'
import { ConnectionBanner } from '../situation/ConnectionBanner.tsx'
import { Badge, Button, Notice, Spinner } from '../ui/primitives.tsx'
import { fetchMeetings, minutesHtmlUrl, minutesPdfUrl } from '../api/meetings.ts'
import type { Meeting } from '../../shared/api/meetings.ts'
import { ConveneForm } from './ConveneForm.tsx'
import { meetingHref, versionsHref } from '../app/hrefs.ts'
import { MeetingPage, memberNameOfUser, StatusBadge } from './MeetingPage.tsx'
import { formatInstant } from '../ui/paris-time.ts'
import { MEETING_NS } from './strings.ts'
import { useMeetingPlan, type MeetingPlan } from './use-meeting-plan.ts'
import './meeting.css'

function MeetingCard({ meeting, situation }: { meeting: Meeting; situation: SituationDetail }) {
  const { t, i18n } = useTranslation(MEETING_NS)
  const convener = memberNameOfUser(situation, meeting.convener)
  const minutes = meeting.status === 'ended' && (meeting.publishedAt || situation.role === 'coordinator' || meeting.convener === situation.me.userId)
  return (
    <li className={`meeting-card meeting-card-${meeting.status}`} data-meeting-id={meeting.id} data-testid="meeting-card">
      <div className="meeting-card-main">
        <p className="eyebrow">
          <Badge tone="blue" title={t(`kind.${meeting.kind}`)}>
            {t(`kindShort.${meeting.kind}`)}
          </Badge>{' '}
          <StatusBadge status={meeting.status} />
          {meeting.status === 'ended' && !meeting.publishedAt && <Badge tone="amber">{t('list.draft')}</Badge>}
        </p>
        <h3>
          <a href={meetingHref(situation.id, meeting.id)}>{meeting.title || t(`kind.${meeting.kind}`)}</a>
        </h3>
        <p className="meeting-card-facts muted small">
          <span>
            <CalendarClock size={15} aria-hidden="true" /> {formatInstant(meeting.startsAt, i18n.language, 'long')}
          </span>
          {meeting.place && (
            <span>
              <MapPin size={15} aria-hidden="true" /> {meeting.place}
            </span>
          )}
          {convener && <span>{t('list.convenedBy', { name: convener })}</span>}
          <span>{t('list.invitees', { count: meeting.invitees.length })}</span>
        </p>
      </div>
      <div className="meeting-card-links">
        {minutes ? (
          <>
            <a className="btn btn-secondary btn-small" href={minutesHtmlUrl(situation.id, meeting.id)} target="_blank" rel="noopener">
              <FileText size={15} aria-hidden="true" /> {t('list.minutes')}
            </a>
            <a className="btn btn-secondary btn-small" href={minutesPdfUrl(situation.id, meeting.id)} target="_blank" rel="noopener" aria-label={`${t('list.minutesPdf')} — ${meeting.title || t(`kind.${meeting.kind}`)}`}>
              <FileDown size={15} aria-hidden="true" /> {t('list.minutesPdf')}
            </a>
          </>
        ) : (
          <a className={meeting.status === 'started' ? 'btn btn-primary btn-small' : 'btn btn-secondary btn-small'} href={meetingHref(situation.id, meeting.id)}>
            {t('list.open')}
          </a>
        )}
      </div>
    </li>
  )
}

/** The meetings of a situation: convene one, the upcoming and running ones, the past ones with their minutes. */
function MeetingsList({ situation, plan }: { situation: SituationDetail; plan: MeetingPlan }) {
  const { t } = useTranslation(MEETING_NS)
  const { t: tc } = useTranslation()
  const { expire } = useSession()
  const queryClient = useQueryClient()
  const list = useQuery({ queryKey: ['situations', situation.id, 'meetings'], queryFn: () => fetchMeetings(situation.id) })
  const meetings = list.data ?? null
  const failed = list.isError && !meetings
  const [convening, setConvening] = useState(false)
  const mayConvene = situation.role === 'coordinator' || situation.role === 'professional'

  useEffect(() => {
    document.title = `${t('list.title')} — ${situation.title} — ${tc('app.name')}`
  }, [situation.title, t, tc])

  const upcoming = (meetings ?? []).filter((meeting) => meeting.status !== 'ended').sort((a, b) => a.startsAt.localeCompare(b.startsAt))
  const past = (meetings ?? []).filter((meeting) => meeting.status === 'ended').sort((a, b) => b.startsAt.localeCompare(a.startsAt))

  return (
    <main id="main" className="page meetings-page">
      <nav className="panel-breadcrumbs" aria-label={t('list.backToPlan')}>
        <a href={situationHref(situation.id)}>{situation.title}</a>
      </nav>
      <header className="situation-header">
        <div>
          <h1>{t('list.title')}</h1>
          <p className="muted">{t('list.intro')}</p>
          <p className="situation-links">
            <a href={situationHref(situation.id)}>{t('list.backToPlan')}</a>
            <a href={versionsHref(situation.id)}>{t('links.versions')}</a>
          </p>
        </div>
        <div className="meeting-header-side">
          {plan.status.state !== 'connected' && <ConnectionBanner status={plan.status} onLogin={expire} />}
          {mayConvene && !convening && (
            <Button variant="primary" onClick={() => setConvening(true)}>
              + {t('convene.toggle')}
            </Button>
          )}
        </div>
      </header>
      {convening && (
        <ConveneForm
          situation={situation}
          planDoc={plan.synced ? (plan.collab?.doc ?? null) : null}
          onCancel={() => setConvening(false)}
          onCreated={(meeting) => {
            void queryClient.invalidateQueries({ queryKey: ['situations', situation.id, 'meetings'] })
            navigate(meetingHref(situation.id, meeting.id))
          }}
        />
      )}
      {failed && (
        <Notice tone="error" action={<Button onClick={() => void list.refetch()}>{tc('app.retry')}</Button>}>
          {t('list.loadError')}
        </Notice>
      )}
      {!meetings && !failed && <Spinner label={tc('app.loading')} />}
      {meetings && (
        <>
          <section aria-labelledby="meetings-upcoming" className="meetings-group">
            <h2 id="meetings-upcoming">{t('list.upcoming')}</h2>
            {upcoming.length === 0 ? (
              <p className="muted">{t('list.none')}</p>
            ) : (
              <ul className="meeting-list">
                {upcoming.map((meeting) => (
                  <MeetingCard key={meeting.id} meeting={meeting} situation={situation} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="meetings-past" className="meetings-group">
            <h2 id="meetings-past">{t('list.past')}</h2>
            {past.length === 0 ? (
              <p className="muted">{t('list.nonePast')}</p>
            ) : (
              <ul className="meeting-list">
                {past.map((meeting) => (
                  <MeetingCard key={meeting.id} meeting={meeting} situation={situation} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </main>
  )
}

/** One live plan connection for the whole meeting space (list and meeting page share it). */
function MeetingSpace({ situation, meetingId }: { situation: SituationDetail; meetingId: string | null }) {
  const plan = useMeetingPlan(situation)
  return meetingId ? <MeetingPage key={meetingId} situation={situation} meetingId={meetingId} plan={plan} /> : <MeetingsList situation={situation} plan={plan} />
}

/** Route `#/situations/<id>/reunions[/<meetingId>]`. */
export function MeetingsRoute({ situationId, meetingId }: { situationId: string; meetingId: string | null }) {
  return <SituationLoader situationId={situationId}>{(situation) => <MeetingSpace situation={situation} meetingId={meetingId} />}</SituationLoader>
}
