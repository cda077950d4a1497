import { useEffect } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { newRequestHref, requestHref, situationHref } from '../app/router.ts'
import { Badge, Button, Notice, Spinner } from '../ui/primitives.tsx'
import { requestsQuery, type SupportRequest } from './api.ts'
import { FRONT_NS } from './strings.ts'

const URGENCY_TONE = { routine: 'neutral', soon: 'amber', urgent: 'red' } as const

/** Whole days since a request came in (its age in the list). */
export const ageInDays = (createdAt: string, now = Date.now()): number => Math.max(0, Math.floor((now - Date.parse(createdAt)) / 86_400_000))

function RequestCard({ request }: { request: SupportRequest }) {
  const { t } = useTranslation(FRONT_NS)
  const days = ageInDays(request.createdAt)
  return (
    <li className="request-card" data-request-id={request.id} data-status={request.status}>
      <h3>
        <a href={request.status === 'accepted' && request.situationId ? situationHref(request.situationId) : requestHref(request.id)}>{request.person.name}</a>
      </h3>
      <p className="request-badges">
        <Badge tone={request.status === 'waiting' ? 'blue' : 'neutral'}>{t(`status.${request.status}`)}</Badge>
        <Badge tone={URGENCY_TONE[request.urgency]}>{t(`urgency.${request.urgency}`)}</Badge>
        {request.level && <Badge tone="violet">{t('level.short', { level: request.level })}</Badge>}
        <span className="muted" data-age-days={days}>
          {days === 0 ? t('age.today') : t('age.days', { count: days })}
        </span>
      </p>
      <p className="request-reason">{request.reason}</p>
      <p className="muted small" data-service-id={request.serviceId}>
        {t('requests.service', { name: request.serviceName })}
      </p>
      <p className="muted small">{t('requests.from', { name: [request.requesterName, request.requesterOrganisation].filter(Boolean).join(', ') })}</p>
    </li>
  )
}

/** "Demandes": the intake list, waiting requests first with their age. */
export function RequestsPage() {
  const { t } = useTranslation(FRONT_NS)
  const { t: tc } = useTranslation()
  // The requests of my services and the ones I recorded (the server decides which: decision 016).
  const query = useQuery(requestsQuery)
  useEffect(() => {
    document.title = `${t('requests.title')} — ${tc('app.name')}`
  }, [t, tc])
  const requests = query.data ?? []
  const waiting = requests.filter((r) => r.status === 'waiting').sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  const decided = requests.filter((r) => r.status !== 'waiting')
  return (
    <main id="main" className="page front-page">
      <h1>{t('requests.title')}</h1>
      <p className="muted">{t('requests.intro')}</p>
      <p>
        <a href={newRequestHref} className="btn btn-primary">
          {t('nav.newRequest')}
        </a>
      </p>
      {query.isPending && <Spinner label={tc('app.loading')} />}
      {query.isError && (
        <Notice tone="error" action={<Button onClick={() => void query.refetch()}>{tc('app.retry')}</Button>}>
          {t('requests.loadError')}
        </Notice>
      )}
      {query.isSuccess && (
        <>
          <section aria-labelledby="requests-waiting">
            <h2 id="requests-waiting">{t('requests.waiting')}</h2>
            {waiting.length === 0 ? <p className="muted">{t('requests.none')}</p> : <ul className="request-list">{waiting.map((r) => <RequestCard key={r.id} request={r} />)}</ul>}
          </section>
          <section aria-labelledby="requests-decided">
            <h2 id="requests-decided">{t('requests.decided')}</h2>
            {decided.length === 0 ? <p className="muted">{t('requests.noneDecided')}</p> : <ul className="request-list">{decided.map((r) => <RequestCard key={r.id} request={r} />)}</ul>}
          </section>
        </>
      )}
    </main>
  )
}
