import { useEffect, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { fetchConsent, recordConsent } from '../api/situations.ts'
import { personHref } from '../app/router.ts'
import { Button, LiveRegion, Notice, Spinner } from '../ui/primitives.tsx'
import { setPlanVisibility } from '../api/circle.ts'
import { fetchAccessLog, myDataHref, type AccessEntry } from '../api/my-data.ts'
import { NAMESPACES } from '../i18n/catalog.ts'
import { ClosedBanner, type SituationFacts } from '../ui/closed-banner.tsx'
import { situationQuery } from '../situation/situation-query.ts'

/** Consecutive openings by the same person within ten minutes read as one visit: "X a ouvert le plan, votre partie". */
export function groupVisits(entries: AccessEntry[]): (AccessEntry & { parts: string[] })[] {
  const visits: (AccessEntry & { parts: string[] })[] = []
  for (const entry of entries) {
    const last = visits.at(-1)
    if (last && last.userId === entry.userId && Math.abs(Date.parse(last.at) - Date.parse(entry.at)) < 10 * 60_000) {
      if (!last.parts.includes(entry.opened)) last.parts.push(entry.opened)
    } else visits.push({ ...entry, parts: [entry.opened] })
  }
  return visits
}

const when = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso))

/**
 * The person's (or legal representative's) own controls: who in the family
 * sees the plan, their consent to sharing, who opened the record, and the
 * download of everything held about them. `#/situations/<id>/moi/choix`.
 */
export function ChoicesPage({ situationId }: { situationId: string }) {
  const { t, i18n } = useTranslation(NAMESPACES.front)
  const { t: tc } = useTranslation()
  const queryClient = useQueryClient()
  const detail = useQuery(situationQuery(situationId))
  const situation = (detail.data as SituationFacts | undefined) ?? null
  const consent = useQuery({ queryKey: ['situations', situationId, 'consent'], queryFn: () => fetchConsent(situationId), enabled: situation !== null }).data ?? null
  const log = useQuery({ queryKey: ['situations', situationId, 'access-log'], queryFn: () => fetchAccessLog(situationId), enabled: situation !== null }).data ?? null
  const [failed, setFailed] = useState<'save' | null>(null)
  const [message, setMessage] = useState('')
  useEffect(() => {
    document.title = `${t('choices.title')} — ${tc('app.name')}`
  }, [t, tc])

  const change = async (send: () => Promise<unknown>) => {
    setFailed(null)
    try {
      await send()
      setMessage(t('choices.saved'))
      // Members (who sees the plan), consent and the access log all hang under the situation's key.
      await queryClient.invalidateQueries({ queryKey: ['situations', situationId] })
    } catch {
      setFailed('save')
    }
  }

  if (!situation)
    return (
      <main id="main" className="page front-page">
        <h1>{t('choices.title')}</h1>
        {detail.isError ? <Notice tone="error">{tc('situation.loadError')}</Notice> : <Spinner label={tc('app.loading')} />}
      </main>
    )
  const relatives = situation.members.filter((member) => member.role === 'relative')
  const current = consent?.current?.status
  const open = situation.status === 'open'
  return (
    <main id="main" className="page front-page choices-page">
      <p className="front-links">
        <a href={personHref(situation.id)}>{t('choices.back')}</a>
      </p>
      <h1>{t('choices.title')}</h1>
      <p className="person-intro">{t('choices.intro')}</p>
      <ClosedBanner situation={situation} reader />
      <LiveRegion message={message} />
      {failed === 'save' && <Notice tone="error">{t('choices.failed')}</Notice>}

      <section aria-labelledby="choices-relatives" className="front-section">
        <h2 id="choices-relatives">{t('choices.relatives')}</h2>
        {relatives.length === 0 ? (
          <p className="muted">{t('choices.noRelatives')}</p>
        ) : (
          <ul className="choice-list">
            {relatives.map((relative) => (
              <li key={relative.id} data-member-id={relative.id} data-plan-hidden={relative.planHidden ? 'true' : 'false'}>
                <span>{relative.planHidden ? t('choices.hidden', { name: relative.name }) : t('choices.sees', { name: relative.name })}</span>
                <Button disabled={!open} onClick={() => void change(() => setPlanVisibility(situation.id, relative.id, !relative.planHidden))}>
                  {relative.planHidden ? t('choices.show', { name: relative.name }) : t('choices.hide', { name: relative.name })}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="choices-consent" className="front-section">
        <h2 id="choices-consent">{t('choices.consent')}</h2>
        <p className="muted">{t('choices.consentIntro')}</p>
        <p data-consent={current ?? 'none'}>{t('choices.consentNow', { status: current === 'agreed' ? t('choices.agreed') : current === 'objected' ? t('choices.objected') : t('choices.noConsent') })}</p>
        <p className="choice-buttons">
          <Button variant={current === 'agreed' ? 'primary' : 'secondary'} aria-pressed={current === 'agreed'} disabled={current === 'agreed'} onClick={() => void change(() => recordConsent(situation.id, { status: 'agreed' }))}>
            {t('choices.agree')}
          </Button>
          <Button variant={current === 'objected' ? 'primary' : 'secondary'} aria-pressed={current === 'objected'} disabled={current === 'objected'} onClick={() => void change(() => recordConsent(situation.id, { status: 'objected' }))}>
            {t('choices.object')}
          </Button>
        </p>
      </section>

      <section aria-labelledby="choices-log" className="front-section">
        <h2 id="choices-log">{t('choices.accessLog')}</h2>
        <p className="muted">{t('choices.accessLogIntro')}</p>
        {log === null ? (
          <Spinner label={tc('app.loading')} />
        ) : log.length === 0 ? (
          <p className="muted">{t('choices.noAccess')}</p>
        ) : (
          <ol className="access-log" data-testid="access-log">
            {groupVisits(log).map((entry, index) => (
              <li key={`${entry.at}-${index}`}>
                <time dateTime={entry.at}>{when(entry.at, i18n.language)}</time> —{' '}
                {t('choices.accessLine', {
                  who: entry.name ? `${entry.name}${entry.role ? ` (${tc(`role.${entry.role}`)}${entry.organisation ? `, ${entry.organisation}` : ''})` : ''}` : t('choices.someone'),
                  what: new Intl.ListFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR', { type: 'conjunction' }).format(entry.parts.map((part) => t(`choices.opened.${part}`, { defaultValue: part }))),
                })}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="choices-download" className="front-section">
        <h2 id="choices-download">{t('choices.download')}</h2>
        <p className="muted">{t('choices.downloadIntro')}</p>
        <p className="choice-buttons">
          <a className="btn btn-primary" href={myDataHref(situation.id, 'pdf')} download>
            {t('choices.downloadPdf')}
          </a>
          <a className="btn btn-secondary" href={myDataHref(situation.id, 'json')} download>
            {t('choices.downloadJson')}
          </a>
        </p>
      </section>
    </main>
  )
}
