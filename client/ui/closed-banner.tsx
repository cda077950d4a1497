import { useTranslation } from 'react-i18next'
import type { SituationDetail } from '../../shared/api/situations.ts'
import { formatDate } from './dates.ts'
import { Notice } from './primitives.tsx'
import { NAMESPACES } from '../i18n/catalog.ts'

/** The situation as the front door reads it: its DESIGN 5b fields are part of the shared detail type. */
export type SituationFacts = SituationDetail

/** A closed situation says so, why, and until when it is kept; an erased one says only that. */
export function ClosedBanner({ situation, reader = situation.role !== 'coordinator' }: { situation: SituationFacts; reader?: boolean }) {
  const { t, i18n } = useTranslation(NAMESPACES.front)
  const day = (iso: string | null | undefined) => (iso ? formatDate(iso, i18n.language) : '')
  if (situation.erasedAt) return <Notice tone="warning">{t('circle.erased', { date: day(situation.erasedAt) })}</Notice>
  if (situation.status !== 'closed') return null
  const reason = situation.closedReason ? t(`circle.reason.${situation.closedReason}`, { defaultValue: situation.closedReason }) : null
  return (
    <div data-testid="closed-banner">
      <Notice tone="warning">
        {reason ? t('circle.closedBanner', { date: day(situation.closedAt), reason }) : t('circle.closedBannerNoReason', { date: day(situation.closedAt) })}
        {/* Only the coordinator can reopen: others are not told to. */}
        {!reader && <> {t('circle.reopenHint')}</>}
        {situation.retainUntil && <> {t('circle.retention', { date: day(situation.retainUntil) })}</>}
      </Notice>
    </div>
  )
}
