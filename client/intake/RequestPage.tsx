import { useEffect, useState, type FormEvent } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { PLAN_KINDS, type PlanKind } from '../../shared/domain/roles.ts'
import type { ResponseLevel } from '../../shared/domain/situation-fields.ts'
import { fetchCommune } from '../api/communes.ts'
import { CommunePicker, type Commune } from './CommunePicker.tsx'
import { ApiError } from '../api/http.ts'
import { formatDate } from '../app/i18n.ts'
import { navigate, requestsHref, situationHref } from '../app/router.ts'
import { Badge, Button, Notice, Spinner } from '../ui/primitives.tsx'
import { acceptRequest, answerRequest, redirectRequest, requestQuery, servicesQuery, type SupportRequest } from './api.ts'
import { FieldGroup, SelectField, TextArea, TextField } from '../ui/fields.tsx'
import { FRONT_NS } from './strings.ts'

function Decision({ request, onDecided }: { request: SupportRequest; onDecided: (next: SupportRequest) => void }) {
  const { t } = useTranslation(FRONT_NS)
  const { t: tc } = useTranslation()
  const queryClient = useQueryClient()
  const [kind, setKind] = useState<PlanKind>('ppcs')
  const [level, setLevel] = useState(String(request.level ?? 3))
  // The commune the request named, given back to the picker by its INSEE code, until the coordinator picks another.
  // Its own key: the picker caches its searches under ['communes', text], a list.
  const named = useQuery({ queryKey: ['commune', request.territory], queryFn: () => fetchCommune(request.territory!), enabled: !!request.territory, staleTime: Infinity })
  const [picked, setPicked] = useState<Commune | null | undefined>(undefined)
  const commune = picked === undefined ? (named.data ?? null) : picked
  const [title, setTitle] = useState('')
  // Another service of Concerto (the request moves to its list) or one outside, named in free text.
  const otherServices = (useQuery(servicesQuery).data ?? []).filter((service) => service.id !== request.serviceId)
  const [target, setTarget] = useState('')
  const [to, setTo] = useState('')
  const [why, setWhy] = useState('')
  const [answer, setAnswer] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (event: FormEvent, send: () => Promise<void>) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await send()
      await queryClient.invalidateQueries({ queryKey: ['requests'] })
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 409 ? t('request.already') : t('request.failed'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section aria-labelledby="request-decision" className="front-section">
      <h2 id="request-decision">{t('request.decision')}</h2>
      {error && <Notice tone="error">{error}</Notice>}
      <form
        className="front-form"
        onSubmit={(event) =>
          void run(event, async () => {
            const { situationId } = await acceptRequest(request.id, { kind, level: Number(level) as ResponseLevel, territory: commune?.code ?? null, ...(title.trim() ? { title: title.trim() } : {}) })
            await queryClient.invalidateQueries({ queryKey: ['situations'] })
            navigate(situationHref(situationId))
          })
        }
      >
        <FieldGroup legend={t('request.accept')}>
          <SelectField label={t('request.kind')} value={kind} onChange={setKind} options={PLAN_KINDS.map((k) => ({ value: k, label: tc(`kind.${k}`) }))} name="kind" />
          <SelectField label={t('level.label')} value={level} onChange={setLevel} options={[1, 2, 3, 4].map((l) => ({ value: String(l), label: t(`level.${l}`) }))} name="level" />
          <div className="field field-wide">
            <CommunePicker value={commune} onChange={setPicked} label={t('form.territory')} />
          </div>
          <TextField label={t('request.situationTitle')} hint={t('request.situationTitleHint')} value={title} onChange={setTitle} name="title" />
        </FieldGroup>
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? t('request.creating') : t('request.create')}
        </Button>
      </form>
      <form
        className="front-form"
        onSubmit={(event) => void run(event, async () => onDecided(await redirectRequest(request.id, target ? { serviceId: target, reason: why } : { to, reason: why })))}
      >
        <FieldGroup legend={t('request.redirect')}>
          {otherServices.length > 0 && (
            <SelectField
              label={t('request.redirectTarget')}
              value={target}
              onChange={setTarget}
              options={[{ value: '', label: t('request.redirectOutside') }, ...otherServices.map((service) => ({ value: service.id, label: service.name }))]}
              name="redirectService"
            />
          )}
          {!target && <TextField label={t('request.redirectTo')} required value={to} onChange={setTo} name="redirectTo" />}
          <TextArea label={t('request.redirectReason')} required value={why} onChange={setWhy} rows={2} name="redirectReason" />
        </FieldGroup>
        <Button type="submit" disabled={busy}>
          {t('request.redirectSubmit')}
        </Button>
      </form>
      <form className="front-form" onSubmit={(event) => void run(event, async () => onDecided(await answerRequest(request.id, { answer })))}>
        <FieldGroup legend={t('request.answer')}>
          <TextArea label={t('request.answerText')} required value={answer} onChange={setAnswer} rows={3} name="answer" />
        </FieldGroup>
        <Button type="submit" disabled={busy}>
          {t('request.answerSubmit')}
        </Button>
      </form>
    </section>
  )
}

/** One request: what was asked, then the coordinator's decision (accept into a situation, redirect, answer at level 1). */
export function RequestPage({ requestId }: { requestId: string }) {
  const { t, i18n } = useTranslation(FRONT_NS)
  const { t: tc } = useTranslation()
  const query = useQuery(requestQuery(requestId))
  // What this page last decided: a request passed on to another service may no longer be readable here.
  const [decided, setDecided] = useState<SupportRequest | null>(null)
  const current = decided ?? query.data
  const state = current
    ? ({ status: 'ready', request: current } as const)
    : query.isError
      ? ({ status: query.error instanceof ApiError && query.error.status === 404 ? 'notFound' : 'error' } as const)
      : ({ status: 'loading' } as const)
  const name = state.status === 'ready' ? state.request.person.name : ''
  useEffect(() => {
    document.title = `${name ? t('request.title', { name }) : t('requests.title')} — ${tc('app.name')}`
  }, [name, t, tc])
  if (state.status !== 'ready')
    return (
      <main id="main" className="page front-page">
        <p>
          <a href={requestsHref}>{t('nav.backToList')}</a>
        </p>
        <h1>{t('requests.title')}</h1>
        {state.status === 'loading' ? <Spinner label={tc('app.loading')} /> : <Notice tone="error">{t(state.status === 'notFound' ? 'request.notFound' : 'request.loadError')}</Notice>}
      </main>
    )
  const { request } = state
  const person = request.person
  const none = t('identity.none')
  const facts: [string, string][] = [
    [t('identity.birthDate'), formatDate(person.birthDate, i18n.language) ?? none],
    [t('identity.address'), person.address || none],
    [t('identity.phone'), person.phone || none],
    [t('identity.trustedPerson'), [person.trustedPerson.name, person.trustedPerson.contact].filter(Boolean).join(', ') || none],
    [t('identity.legalProtection'), t(`protection.${person.legalProtection}`)],
    [t('identity.parentalAuthority'), person.parentalAuthority || none],
    [t('identity.generalPractitioner'), [person.generalPractitioner.name, person.generalPractitioner.contact].filter(Boolean).join(', ') || none],
    [t('request.service'), request.serviceName],
    [t('request.requester'), `${t(`requesterKind.${request.requesterKind}`)} : ${[request.requesterName, request.requesterOrganisation, request.requesterContact].filter(Boolean).join(', ')}`],
    [t('request.urgency'), t(`urgency.${request.urgency}`)],
    [t('request.consent'), `${request.personInformed ? t('request.informed') : t('request.notInformed')} — ${t(`agrees.${request.personAgrees}`)}${request.consentHow ? ` (${request.consentHow})` : ''}`],
    [t('level.label'), request.level ? t(`level.${request.level}`) : t('level.none')],
    [t('form.territory'), request.territory ?? none],
  ]
  return (
    <main id="main" className="page front-page">
      <p>
        <a href={requestsHref}>{t('nav.backToList')}</a>
      </p>
      <h1>{t('request.title', { name: person.name })}</h1>
      <p>
        <Badge tone={request.status === 'waiting' ? 'blue' : 'neutral'}>{t(`status.${request.status}`)}</Badge>{' '}
        <span className="muted">{t('request.received', { date: formatDate(request.createdAt, i18n.language) })}</span>
      </p>
      <section aria-labelledby="request-reason" className="front-section">
        <h2 id="request-reason">{t('request.reason')}</h2>
        <p className="request-text">{request.reason}</p>
        {request.difficulties && (
          <>
            <h3>{t('request.difficulties')}</h3>
            <p className="request-text">{request.difficulties}</p>
          </>
        )}
        <dl className="facts front-facts">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {request.status === 'waiting' && request.decisionNote && <Notice tone="info">{t('request.forwarded', { note: request.decisionNote })}</Notice>}
      {decided && decided.status === 'waiting' && <Notice tone="success">{t('request.moved', { name: decided.serviceName })}</Notice>}
      {request.status === 'waiting' && request.canDecide && !decided && <Decision request={request} onDecided={setDecided} />}
      {request.status === 'waiting' && !request.canDecide && !decided && <Notice tone="info">{t('request.cannotDecide')}</Notice>}
      {request.status !== 'waiting' && (
        <section aria-labelledby="request-decided" className="front-section">
          <h2 id="request-decided">{t('request.decision')}</h2>
          <p>{request.decidedAt && t('request.decided', { date: formatDate(request.decidedAt, i18n.language) })}</p>
          {request.status === 'accepted' && request.situationId && <a href={situationHref(request.situationId)}>{t('request.openSituation')}</a>}
          {request.status === 'redirected' && <p>{t('request.redirectedTo', { to: request.redirectedTo, reason: request.decisionNote })}</p>}
          {request.status === 'answered' && <p>{t('request.answered', { answer: request.decisionNote })}</p>}
        </section>
      )}
    </main>
  )
}
