import { useTranslation } from 'react-i18next'
import { useQuery } from '@tanstack/react-query'
import { fetchMeetings } from '../api/meetings.ts'
import type { Meeting } from '../../shared/api/meetings.ts'
import { formatDate } from '../app/i18n.ts'
import { coEvaluationHref, easyMinutesHref } from '../app/hrefs.ts'
import { NAMESPACES } from '../i18n/catalog.ts'

/**
 * On the easy-read plan: the person's way to rate their goals, and the
 * easy-read minutes of each published meeting, newest first.
 */
export function FollowUpLinks({ situationId, canRate }: { situationId: string; canRate: boolean }) {
  const { t, i18n } = useTranslation(NAMESPACES.followUp)
  const published = useQuery({
    queryKey: ['situations', situationId, 'meetings'],
    queryFn: () => fetchMeetings(situationId),
    select: (all: Meeting[]) => all.filter((m) => m.status === 'ended' && m.publishedAt).sort((a, b) => b.startsAt.localeCompare(a.startsAt)),
  })
  // Unreadable or not loaded yet: no minutes to list.
  const meetings = published.data ?? []
  return (
    <nav className="easy-block easy-follow-up" aria-label={t('easyMinutes.listTitle')}>
      {canRate && (
        <p className="easy-line">
          <a href={coEvaluationHref(situationId)}>{t('coEvaluation.link')}</a>
        </p>
      )}
      <h2 className="easy-actions-title">{t('easyMinutes.listTitle')}</h2>
      {meetings.length === 0 ? (
        <p className="easy-line">{t('easyMinutes.none')}</p>
      ) : (
        <ul>
          {meetings.map((m) => (
            <li key={m.id} className="easy-line">
              <a href={easyMinutesHref(situationId, m.id)}>{t('easyMinutes.open', { date: formatDate(m.startsAt, i18n.language) })}</a>
            </li>
          ))}
        </ul>
      )}
    </nav>
  )
}
