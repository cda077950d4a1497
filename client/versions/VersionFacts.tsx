import { useTranslation } from 'react-i18next'
import { CircleCheck, CircleHelp, CircleX, CircleDashed, CalendarClock, UserRound, UsersRound } from 'lucide-react'
import type { Agreement, SituationDetail, VersionSummary } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import type { Meeting } from '../../shared/api/meetings.ts'
import { meetingHref } from '../app/hrefs.ts'
import { formatInstant, isoToParis } from '../ui/paris-time.ts'
import { NAMESPACES } from '../i18n/catalog.ts'
import { VERSIONS_NS } from './strings.ts'

const AGREEMENT_ICON = { agreed: CircleCheck, notAgreed: CircleX, pending: CircleHelp } as const

/** When, by whom, and from which meeting a version was validated. */
export function VersionFacts({ version, situation, meeting }: { version: VersionSummary; situation: SituationDetail; meeting?: Meeting | null }) {
  const { t, i18n } = useTranslation(VERSIONS_NS)
  const { t: tm } = useTranslation(NAMESPACES.meeting)
  const author = situation.members.find((member) => member.userId === version.createdBy)?.name
  return (
    <p className="version-facts">
      <span>
        <CalendarClock size={15} aria-hidden="true" /> {t('createdAt', { date: formatInstant(version.createdAt, i18n.language, 'long') })}
      </span>
      {author && (
        <span>
          <UserRound size={15} aria-hidden="true" /> {t('by', { name: author })}
        </span>
      )}
      {version.meetingId && (
        <span>
          <UsersRound size={15} aria-hidden="true" />{' '}
          <a href={meetingHref(situation.id, version.meetingId)}>
            {meeting ? t('meeting', { title: meeting.title || tm(`kindShort.${meeting.kind}`, { defaultValue: meeting.kind }) }) : t('meetingUnknown')}
          </a>
        </span>
      )}
    </p>
  )
}

/** The person's agreement record for a version (written by them through the API, shown here). */
export function AgreementLine({ agreement }: { agreement: Agreement | null }) {
  const { t, i18n } = useTranslation(VERSIONS_NS)
  const Icon = agreement ? AGREEMENT_ICON[agreement.status] : CircleDashed
  const status = agreement?.status ?? 'none'
  return (
    <p className={`version-agreement agreement-${status}`} data-agreement={status}>
      <Icon size={17} aria-hidden="true" />
      <span>
        {t('agreement.label')} : <strong>{t(`agreement.${status}`)}</strong>
        {agreement && (
          <span className="muted">
            {' '}
            ({t('agreement.detail', { name: agreement.byName, date: formatDate(isoToParis(agreement.at).date, i18n.language, 'medium') })})
          </span>
        )}
        {agreement?.comment && <span className="version-agreement-comment"> — « {agreement.comment} »</span>}
      </span>
    </p>
  )
}
