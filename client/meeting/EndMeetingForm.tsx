import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { PlanKind } from '../../shared/domain/roles.ts'
import { Button, Notice } from '../ui/primitives.tsx'
import { endMeeting } from '../api/meetings.ts'
import type { Meeting } from '../../shared/api/meetings.ts'
import { addMonths, isoToParis, parisToIso } from '../ui/paris-time.ts'
import { MEETING_NS } from './strings.ts'

/** A PAG is reviewed one year after the GOS; other plans six months after (a default the runner changes freely). */
export const defaultReviewDate = (kind: PlanKind, meetingDay: string): string => addMonths(meetingDay, kind === 'pag' ? 12 : 6)

/**
 * Ends the meeting: the server validates a version carrying the meeting id,
 * sets the review date and writes (and by default publishes) the minutes.
 */
export function EndMeetingForm({ situationId, meeting, kind, onEnded }: { situationId: string; meeting: Meeting; kind: PlanKind; onEnded: (meeting: Meeting) => void }) {
  const { t } = useTranslation(MEETING_NS)
  const meetingDay = isoToParis(meeting.startsAt).date
  const [reviewDate, setReviewDate] = useState(defaultReviewDate(kind, meetingDay))
  const [nextDate, setNextDate] = useState('')
  const [nextTime, setNextTime] = useState('14:00')
  const [notes, setNotes] = useState('')
  const [publish, setPublish] = useState(true)
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)
  const ids = { review: useId(), nextDate: useId(), nextTime: useId(), notes: useId(), hint: useId() }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setFailed(false)
    try {
      const ended = await endMeeting(situationId, meeting.id, {
        reviewDate: reviewDate || null,
        nextMeeting: nextDate ? parisToIso(nextDate, nextTime || '14:00') : null,
        notes: notes.trim() || undefined,
        publish,
      })
      onEnded(ended)
    } catch {
      setFailed(true)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="plan-section end-meeting" onSubmit={(event) => void submit(event)} aria-labelledby="end-meeting-title">
      <h2 id="end-meeting-title">{t('end.title')}</h2>
      <p className="muted small">{t('end.hint')}</p>
      <div className="meeting-form-grid">
        <div className="field">
          <label htmlFor={ids.review}>{t('end.reviewDate')}</label>
          <input id={ids.review} type="date" value={reviewDate} aria-describedby={ids.hint} onChange={(event) => setReviewDate(event.target.value)} />
          <span className="field-hint" id={ids.hint}>
            {kind === 'pag' ? t('end.reviewDateHintPag') : t('end.reviewDateHint')}
          </span>
        </div>
        <fieldset className="field meeting-field-pair">
          <legend className="field-label">{t('end.nextMeeting')}</legend>
          <div className="meeting-pair">
            <input id={ids.nextDate} type="date" aria-label={t('end.nextDate')} value={nextDate} onChange={(event) => setNextDate(event.target.value)} />
            <input id={ids.nextTime} type="time" aria-label={t('end.nextTime')} value={nextTime} onChange={(event) => setNextTime(event.target.value)} />
          </div>
        </fieldset>
        <div className="field field-wide">
          <label htmlFor={ids.notes}>{t('end.notes')}</label>
          <textarea id={ids.notes} rows={4} value={notes} placeholder={t('end.notesPlaceholder')} onChange={(event) => setNotes(event.target.value)} />
        </div>
      </div>
      <label className="toggle">
        <input type="checkbox" checked={publish} onChange={(event) => setPublish(event.target.checked)} /> {t('end.publish')}
      </label>
      {failed && <Notice tone="error">{t('page.failed')}</Notice>}
      <div className="meeting-form-actions">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? t('end.sending') : t('end.submit')}
        </Button>
      </div>
    </form>
  )
}
