import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { FileDown, FileText, History } from 'lucide-react'
import { formatDate } from '../app/i18n.ts'
import { Button, Notice, Spinner } from '../ui/primitives.tsx'
import { amendMinutes, fetchMinutesHtml, minutesHtmlUrl, minutesPdfUrl } from '../api/meetings.ts'
import type { Meeting } from '../../shared/api/meetings.ts'
import { versionHref } from '../app/hrefs.ts'
import { formatInstant } from '../ui/paris-time.ts'
import { MEETING_NS } from './strings.ts'

/**
 * The generated minutes of an ended meeting, readable by every member once
 * published (a draft only by the coordinator and the convener). Shown in a
 * sandboxed frame from its HTML (the server forbids framing the URL itself),
 * with the page and the PDF one click away.
 */
export function MinutesPanel({ situationId, meeting, mayDraft, onChanged }: { situationId: string; meeting: Meeting; mayDraft: boolean; onChanged: (meeting: Meeting) => void }) {
  const { t, i18n } = useTranslation(MEETING_NS)
  const { t: tc } = useTranslation()
  const [publishFailed, setPublishFailed] = useState(false)
  const [busy, setBusy] = useState(false)
  const visible = Boolean(meeting.publishedAt) || mayDraft
  // Publishing changes the page (its draft mark): the publication time is part of what is read.
  const minutes = useQuery({
    queryKey: ['situations', situationId, 'meetings', meeting.id, 'minutes', meeting.publishedAt],
    queryFn: () => fetchMinutesHtml(situationId, meeting.id),
    enabled: visible,
    // The page already shown stays until the published one arrives.
    placeholderData: (previous) => previous,
  })
  const html = minutes.data ?? null
  const failed = publishFailed || (minutes.isError && html === null)

  const publish = async () => {
    setBusy(true)
    try {
      onChanged(await amendMinutes(situationId, meeting.id, { publish: true }))
    } catch {
      setPublishFailed(true)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="plan-section meeting-minutes" aria-labelledby="meeting-minutes-title" data-testid="minutes">
      <div className="section-title-row">
        <h2 id="meeting-minutes-title">{t('minutes.title')}</h2>
        {visible && (
          <div className="minutes-links">
            <a className="btn btn-secondary" href={minutesHtmlUrl(situationId, meeting.id)} target="_blank" rel="noopener">
              <FileText size={16} aria-hidden="true" /> {t('minutes.open')}
            </a>
            <a className="btn btn-primary" href={minutesPdfUrl(situationId, meeting.id)} target="_blank" rel="noopener" data-testid="minutes-pdf">
              <FileDown size={16} aria-hidden="true" /> {t('minutes.pdf')}
            </a>
          </div>
        )}
      </div>
      <ul className="minutes-facts">
        {meeting.reviewDate && <li>{t('minutes.reviewDate', { date: formatDate(meeting.reviewDate, i18n.language) })}</li>}
        {meeting.nextMeeting && <li>{t('minutes.nextMeeting', { date: formatInstant(meeting.nextMeeting, i18n.language) })}</li>}
        {meeting.versionId && (
          <li>
            <a href={versionHref(situationId, meeting.versionId)}>
              <History size={15} aria-hidden="true" /> {t('minutes.version')}
            </a>
          </li>
        )}
      </ul>
      {!meeting.publishedAt && mayDraft && (
        <Notice
          tone="warning"
          action={
            <Button variant="primary" disabled={busy} onClick={() => void publish()}>
              {t('minutes.publish')}
            </Button>
          }
        >
          {t('minutes.draft')}
        </Notice>
      )}
      {!visible && <Notice tone="info">{t('minutes.notPublished')}</Notice>}
      {visible && failed && <Notice tone="error">{t('minutes.loadError')}</Notice>}
      {visible && !failed && (html === null ? <Spinner label={tc('app.loading')} /> : <iframe className="minutes-frame" title={t('minutes.frame')} sandbox="" srcDoc={html} />)}
    </section>
  )
}
