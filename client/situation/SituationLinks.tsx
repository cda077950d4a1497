import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { fetchMeetings } from '../api/meetings.ts'
import type { Meeting } from '../../shared/api/meetings.ts'
import { meetingHref, meetingsHref, versionsHref } from '../app/hrefs.ts'
import { NAMESPACES } from '../i18n/catalog.ts'
import './situation-links.css'

/** How often the situation page checks for a meeting that has started. */
const CHECK_MS = 15_000

/**
 * The links from the situation page to meeting mode and to the versions
 * panel, and a "join" link while a meeting is in progress. In the situation
 * shell: the plan page shows it, and the words are the meeting's namespace,
 * read by name.
 */
export function SituationMeetingLinks({ situationId, versions = true }: { situationId: string; versions?: boolean }) {
  const { t } = useTranslation(NAMESPACES.meeting)
  const meetings = useQuery({
    queryKey: ['situations', situationId, 'meetings'],
    queryFn: () => fetchMeetings(situationId),
    refetchInterval: CHECK_MS,
  })
  const live = meetings.data?.find((meeting: Meeting) => meeting.status === 'started') ?? null

  return (
    <>
      <a href={meetingsHref(situationId)}>{t('links.meetings')}</a>
      {versions && <a href={versionsHref(situationId)}>{t('links.versions')}</a>}
      {live && (
        <a href={meetingHref(situationId, live.id)} className="live-meeting-link" data-testid="live-meeting-link">
          <span className="live-dot" aria-hidden="true" /> {t('links.live')}
        </a>
      )}
    </>
  )
}
