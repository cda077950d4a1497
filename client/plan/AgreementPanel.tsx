import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { CircleCheck, CircleHelp, CircleX, Clock } from 'lucide-react'
import { fetchVersions } from '../api/situations.ts'
import type { SituationDetail } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { personHref } from '../app/router.ts'
import { versionHref } from '../app/hrefs.ts'
import { Badge } from '../ui/primitives.tsx'
import './agreement.css'
import { speaksForPerson } from '../../shared/domain/roles.ts'

const ICONS = { agreed: CircleCheck, notAgreed: CircleX, pending: CircleHelp, none: Clock } as const
const TONES = { agreed: 'green', notAgreed: 'red', pending: 'amber', none: 'amber' } as const

/**
 * The person's agreement to the latest validated version, shown in the plan
 * from the server's record (status, who, when, comment); the person and the
 * legal representative give it from their own space.
 */
export function AgreementPanel({ situation }: { situation: SituationDetail }) {
  const { t, i18n } = useTranslation()
  const versions = useQuery({ queryKey: ['situations', situation.id, 'versions'], queryFn: () => fetchVersions(situation.id) })
  // Without the right to read versions (an error) there is nothing to show here.
  const latest = versions.data?.[0]

  if (!latest) return null
  const agreement = latest.agreement ?? null
  const status = agreement?.status ?? 'none'
  const Icon = ICONS[status]
  const person = situation.members.find((member) => member.role === 'person')?.name ?? situation.personName
  const mayAgree = speaksForPerson(situation.role)
  return (
    <section className="plan-section plan-agreement" aria-labelledby="section-agreement" data-testid="plan-agreement" data-agreement={status} data-version-id={latest.id}>
      <h2 id="section-agreement">{t('planAgreement.title', { name: person })}</h2>
      <p>
        {t('planAgreement.version')} <a href={versionHref(situation.id, latest.id)}>« {latest.label} »</a>{' '}
        {t('planAgreement.validatedOn', { date: formatDate(latest.createdAt, i18n.language) })}
      </p>
      <p className="plan-agreement-state">
        <Icon size={18} aria-hidden="true" /> <Badge tone={TONES[status]}>{t(`planAgreement.status.${status}`)}</Badge>{' '}
        {agreement ? (
          <span data-testid="plan-agreement-by">{t('planAgreement.by', { name: agreement.byName, date: formatDate(agreement.at, i18n.language) })}</span>
        ) : (
          <span>{t('planAgreement.waiting', { name: person })}</span>
        )}
      </p>
      {agreement?.comment && <blockquote className="plan-agreement-comment" data-testid="plan-agreement-comment">{agreement.comment}</blockquote>}
      {mayAgree && (
        <p>
          <a href={`${personHref(situation.id)}`}>{t('planAgreement.give')}</a>
        </p>
      )}
    </section>
  )
}
