import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { newRequestHref, requestHref, situationHref } from '../app/router.ts'
import { Badge, Button, Notice, Spinner } from '../ui/primitives.tsx'
import { fetchRequests, type SupportRequest } from './api.ts'
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
      <p className="muted small">{t('requests.from', { name: [request.requesterName, request.requesterOrganisation].filter(Boolean).join(', ') })}</p>
    </li>
  )
}

/** "Demandes": the intake list, waiting requests first with their age. */
export function RequestsPage() {
  const { t } = useTranslation(FRONT_NS)
  const { t: tc } = useTranslation()
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error' } | { status: 'ready'; requests: SupportRequest[] }>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    document.title = `${t('requests.title')} — ${tc('app.name')}`
  }, [t, tc])
  useEffect(() => {
    let live = true
    fetchRequests().then(
      (requests) => live && setState({ status: 'ready', requests }),
      () => live && setState({ status: 'error' }),
    )
    return () => {
      live = false
    }
  }, [attempt])
  const waiting = state.status === 'ready' ? state.requests.filter((r) => r.status === 'waiting').sort((a, b) => a.createdAt.localeCompare(b.createdAt)) : []
  const decided = state.status === 'ready' ? state.requests.filter((r) => r.status !== 'waiting') : []
  return (
    <main id="main" className="page front-page">
      <h1>{t('requests.title')}</h1>
      <p className="muted">{t('requests.intro')}</p>
      <p>
        <a href={newRequestHref} className="btn btn-primary">
          {t('nav.newRequest')}
        </a>
      </p>
      {state.status === 'loading' && <Spinner label={tc('app.loading')} />}
      {state.status === 'error' && (
        <Notice tone="error" action={<Button onClick={() => setAttempt((n) => n + 1)}>{tc('app.retry')}</Button>}>
          {t('requests.loadError')}
        </Notice>
      )}
      {state.status === 'ready' && (
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
