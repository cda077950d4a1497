import { useEffect } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { CalendarClock } from 'lucide-react'
import { situationsQuery } from '../api/situations.ts'
import type { SituationSummary } from '../../shared/api/situations.ts'
import { formatDate } from '../app/i18n.ts'
import { actionsHref, newRequestHref, personHref, requestsHref, situationHref } from '../app/router.ts'
import { NAMESPACES } from '../i18n/catalog.ts'
import { Badge, Button, Notice, Spinner } from '../ui/primitives.tsx'
import { meetingHref } from '../app/hrefs.ts'
import { meetingWhen } from './next-meeting.ts'
import './situations.css'
import { isPersonSide } from '../../shared/domain/roles.ts'


/** "Mes situations": each situation's title as a link, with kind, my role, coordinator and next review. */
export function SituationsPage() {
  const { t, i18n } = useTranslation()
  const { t: tf } = useTranslation(NAMESPACES.front)
  const query = useQuery(situationsQuery)
  const situations: SituationSummary[] | undefined = query.data

  useEffect(() => {
    document.title = `${t('situations.title')} — ${t('app.name')}`
  }, [t])

  return (
    <main id="main" className="page">
      <h1>{t('situations.title')}</h1>
      {/* The front door: record a request for support, or open the intake list (coordinators see every request). */}
      <p className="situation-front-links">
        <a href={newRequestHref} className="btn btn-primary">
          {tf('nav.newRequest')}
        </a>
        <a href={requestsHref} className="btn btn-secondary">
          {tf('nav.requests')}
        </a>
      </p>
      {!situations && query.isFetching && <Spinner label={t('app.loading')} />}
      {!situations && query.isError && !query.isFetching && (
        <Notice tone="error" action={<Button onClick={() => void query.refetch()}>{t('app.retry')}</Button>}>
          {t('situations.loadError')}
        </Notice>
      )}
      {situations && situations.length === 0 && <p className="muted">{t('situations.empty')}</p>}
      {situations && situations.length > 0 && (
        <ul className="situation-list">
          {situations.map((situation) => (
            <li key={situation.id} className="situation-card">
              <h2>
                {/* The person, a relative and the legal representative land on their own view; professionals on the plan. */}
                <a href={isPersonSide(situation.role) ? personHref(situation.id) : situationHref(situation.id)}>{situation.title}</a>
              </h2>
              <div className="situation-card-badges">
                <Badge tone="blue" title={t(`kind.${situation.kind}`)}>
                  {t(`kind.short.${situation.kind}`)}
                </Badge>
                {situation.status === 'closed' && <Badge tone="neutral">{t('situations.closed')}</Badge>}
                {typeof situation.level === 'number' && <Badge tone="violet">{tf('level.short', { level: situation.level })}</Badge>}
                {situation.reviewOverdue && (
                  <Badge tone="red" title={t('situations.reviewOverdueHint')}>
                    {t('situations.reviewOverdue')}
                  </Badge>
                )}
                {(situation.openActions ?? 0) > 0 && (
                  <a href={actionsHref} className="badge badge-amber badge-link" data-open-actions={situation.openActions}>
                    {t('situations.openActions', { count: situation.openActions })}
                  </a>
                )}
              </div>
              {situation.nextMeeting && (
                <p className="situation-card-meeting" data-testid="next-meeting" data-meeting-status={situation.nextMeeting.status}>
                  <a href={meetingHref(situation.id, situation.nextMeeting.id)}>
                    <CalendarClock size={17} aria-hidden="true" />
                    {t(situation.nextMeeting.status === 'started' ? 'situations.meetingRunning' : 'situations.meetingToPrepare', {
                      kind: t(`situations.meetingKind.${situation.nextMeeting.kind}`),
                      when: meetingWhen(situation.nextMeeting.startsAt, i18n.language),
                    })}
                  </a>
                </p>
              )}
              <dl className="facts">
                <div>
                  <dt>{t('situations.role')}</dt>
                  <dd>{t(`role.${situation.role}`)}</dd>
                </div>
                <div>
                  <dt>{t('situations.coordinator')}</dt>
                  <dd>{situation.coordinatorName ?? t('situations.none')}</dd>
                </div>
                <div>
                  <dt>{t('situations.reviewDate')}</dt>
                  <dd>{formatDate(situation.reviewDate, i18n.language) ?? t('situations.none')}</dd>
                </div>
                <div>
                  <dt>{t('situations.kind')}</dt>
                  <dd>{t(`kind.${situation.kind}`)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </main>
  )
}
