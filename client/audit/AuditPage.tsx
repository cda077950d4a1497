import { useEffect, useMemo, useState } from 'react'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { situationQuery } from '../situation/situation-query.ts'
import { circleHref, situationHref } from '../app/router.ts'
import { Notice, Spinner } from '../ui/primitives.tsx'
import { auditCsvHref, fetchAuditTrail, type AuditEntry } from '../api/audit.ts'
import { SelectField } from '../ui/fields.tsx'
import { NAMESPACES } from '../i18n/catalog.ts'
import { ClosedBanner, type SituationFacts } from '../ui/closed-banner.tsx'

const PARTS = ['plan', 'health', 'person'] as const
const NO_FILTER = { member: '', part: '', kind: '' }
type Filter = typeof NO_FILTER
const auditTrailQuery = (situationId: string, filter: Filter) => ({
  queryKey: ['situations', situationId, 'audit-trail', filter],
  queryFn: (): Promise<AuditEntry[]> => fetchAuditTrail(situationId, filter),
})
const when = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso))

/** The coordinator's audit page: the trail filtered by member, part and kind, exported as CSV. */
export function AuditPage({ situationId }: { situationId: string }) {
  const { t, i18n } = useTranslation(NAMESPACES.front)
  const { t: tc } = useTranslation()
  const [filter, setFilter] = useState(NO_FILTER)
  const situationRead = useQuery(situationQuery(situationId))
  const situation = (situationRead.data as SituationFacts | undefined) ?? null
  // The unfiltered trail gives the choices of the member and kind filters.
  const allRead = useQuery(auditTrailQuery(situationId, NO_FILTER))
  // While a new filter is read, the previous rows stay (no spinner flash between two choices).
  const entriesRead = useQuery({ ...auditTrailQuery(situationId, filter), placeholderData: keepPreviousData })
  const all = allRead.data ?? null
  const entries = entriesRead.data ?? null
  const failed = situationRead.isError || allRead.isError || entriesRead.isError
  useEffect(() => {
    document.title = `${situation ? t('audit.title', { title: situation.title }) : t('nav.audit')} — ${tc('app.name')}`
  }, [situation, t, tc])

  const members = useMemo(() => {
    const names = new Map<string, string>()
    for (const entry of all ?? []) if (entry.userId && entry.name) names.set(entry.userId, entry.name)
    return [...names].sort((a, b) => a[1].localeCompare(b[1]))
  }, [all])
  const kinds = useMemo(() => [...new Set((all ?? []).map((entry) => entry.kind))].sort(), [all])

  return (
    <main id="main" className="page page-wide front-page audit-page">
      <p className="front-links">
        {situation && !situation.erasedAt && <a href={situationHref(situationId)}>{t('nav.backToPlan')}</a>}
        <a href={circleHref(situationId)}>{t('nav.circle')}</a>
      </p>
      <h1>{situation ? t('audit.title', { title: situation.title }) : t('nav.audit')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      {situation && <ClosedBanner situation={situation} />}
      {failed && <Notice tone="error">{t('audit.loadError')}</Notice>}
      <form className="front-form front-inline audit-filters" onSubmit={(event) => event.preventDefault()} aria-label={t('audit.intro')}>
        <SelectField label={t('audit.member')} value={filter.member} onChange={(member) => setFilter({ ...filter, member })} options={[{ value: '', label: t('audit.all') }, ...members.map(([id, name]) => ({ value: id, label: name }))]} name="auditMember" />
        <SelectField label={t('audit.part')} value={filter.part} onChange={(part) => setFilter({ ...filter, part })} options={[{ value: '', label: t('audit.all') }, ...PARTS.map((p) => ({ value: p, label: t(`audit.parts.${p}`) }))]} name="auditPart" />
        <SelectField label={t('audit.kind')} value={filter.kind} onChange={(kind) => setFilter({ ...filter, kind })} options={[{ value: '', label: t('audit.all') }, ...kinds.map((k) => ({ value: k, label: t(`audit.kinds.${k}`, { defaultValue: k }) }))]} name="auditKind" />
        <a className="btn btn-secondary" href={auditCsvHref(situationId, filter)} download>
          {t('audit.export')}
        </a>
      </form>
      {entries === null ? (
        !failed && <Spinner label={tc('app.loading')} />
      ) : (
        <>
          <p className="muted" role="status">
            {t('audit.count', { count: entries.length })}
          </p>
          {entries.length === 0 ? (
            <p className="muted">{t('audit.none')}</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('nav.audit')}>
              <table className="audit-table">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.when')}</th>
                    <th scope="col">{t('audit.who')}</th>
                    <th scope="col">{t('audit.what')}</th>
                    <th scope="col">{t('audit.partColumn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <tr key={entry.id} data-action={entry.action}>
                      <td>{when(entry.at, i18n.language)}</td>
                      <td>{entry.userId ? entry.name || entry.userId : t('audit.system')}</td>
                      <td>
                        {t(`audit.kinds.${entry.kind}`, { defaultValue: entry.kind })} <code>{entry.action}</code>
                      </td>
                      <td>{entry.part ? t(`audit.parts.${entry.part}`, { defaultValue: entry.part }) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </main>
  )
}
