import { useId, useState, type FormEvent } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { ArrowRightLeft, Building, CalendarDays, FileCheck, Flag, Hospital, House, Route, TriangleAlert, Users, type LucideIcon } from 'lucide-react'
import { todayInParis } from '../../shared/domain/dates.ts'
import { addTimelineEvent, fetchTimeline } from '../api/situations.ts'
import { TIMELINE_KINDS, type SituationDetail, type TimelineEvent, type TimelineKind } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { Button, Notice, Spinner } from '../ui/primitives.tsx'

const KIND_ICONS: Record<TimelineKind, LucideIcon> = {
  meeting: Users,
  version: FileCheck,
  handover: ArrowRightLeft,
  rupture: TriangleAlert,
  transition: Route,
  hospitalisation: Hospital,
  move: House,
  newService: Building,
  event: Flag,
}

const today = () => todayInParis()

/** "Ligne de vie": the situation's events, newest first, drawn as a vertical line; the coordinator adds events. */
export function TimelinePanel({ situation }: { situation: SituationDetail }) {
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const timelineKey = ['situations', situation.id, 'timeline']
  const timeline = useQuery({ queryKey: timelineKey, queryFn: () => fetchTimeline(situation.id) })
  const events = timeline.data ?? null
  const failed = timeline.isError && !events
  // `clinical`: the entry belongs to the health part (a hospitalisation is clinical unless unticked).
  const [draft, setDraft] = useState({ date: today(), kind: 'event' as TimelineKind, title: '', detail: '', clinical: false })
  const [error, setError] = useState<string | null>(null)
  const ids = { date: useId(), kind: useId(), title: useId(), detail: useId(), clinical: useId() }
  const canAdd = situation.role === 'coordinator'

  const nameOf = (userId: string | null) => (userId ? (situation.members.find((member) => member.userId === userId)?.name ?? null) : null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!draft.title.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(draft.date)) return setError(t('timeline.incomplete'))
    setError(null)
    try {
      const created = await addTimelineEvent(situation.id, { date: draft.date, kind: draft.kind, title: draft.title.trim(), part: draft.clinical ? 'health' : 'plan', ...(draft.detail.trim() ? { detail: draft.detail.trim() } : {}) })
      // Shown at once in its place, then the server's list (which may hold others' events) replaces it.
      queryClient.setQueryData<TimelineEvent[]>(timelineKey, (list) => [created, ...(list ?? [])].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)))
      void queryClient.invalidateQueries({ queryKey: timelineKey })
      setDraft({ date: today(), kind: 'event', title: '', detail: '', clinical: false })
    } catch {
      setError(t('timeline.failed'))
    }
  }

  return (
    <section className="plan-section timeline-panel" aria-labelledby="section-timeline" data-testid="timeline">
      <h2 id="section-timeline">{t('timeline.title')}</h2>
      {failed && <Notice tone="warning">{t('timeline.unavailable')}</Notice>}
      {!failed && !events && <Spinner label={t('app.loading')} />}
      {events && events.length === 0 && <p className="muted">{t('timeline.empty')}</p>}
      {events && events.length > 0 && (
        <ol className="timeline">
          {events.map((event) => {
            const Icon = KIND_ICONS[event.kind] ?? CalendarDays
            const by = nameOf(event.by)
            return (
              <li key={`${event.kind}-${event.id}`} className={`timeline-event timeline-${event.kind}`} data-kind={event.kind}>
                <span className="timeline-dot" aria-hidden="true">
                  <Icon size={16} />
                </span>
                <div className="timeline-body">
                  <p className="timeline-date">
                    <time dateTime={event.date}>{formatDate(event.date, i18n.language)}</time> · {t(`timeline.kind.${event.kind}`, { defaultValue: event.kind })}
                  </p>
                  <p className="timeline-title">
                    {event.title}
                    {event.part === 'health' && <span className="muted small"> · {t('timeline.clinicalTag')}</span>}
                  </p>
                  {event.detail && <p className="timeline-detail">{event.detail}</p>}
                  {by && <p className="muted small">{t('timeline.by', { name: by })}</p>}
                </div>
              </li>
            )
          })}
        </ol>
      )}
      {canAdd && (
        <form className="timeline-form" onSubmit={submit} noValidate aria-labelledby="timeline-form-title">
          <h3 id="timeline-form-title">{t('timeline.add')}</h3>
          <div className="timeline-form-grid">
            <div className="field">
              <label htmlFor={ids.date}>{t('timeline.date')}</label>
              <input id={ids.date} type="date" value={draft.date} onChange={(event) => setDraft({ ...draft, date: event.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={ids.kind}>{t('timeline.kindLabel')}</label>
              <select id={ids.kind} value={draft.kind} onChange={(event) => setDraft({ ...draft, kind: event.target.value as TimelineKind, clinical: event.target.value === 'hospitalisation' })}>
                {TIMELINE_KINDS.filter((kind) => kind !== 'version' && kind !== 'meeting').map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`timeline.kind.${kind}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field field-wide">
              <label htmlFor={ids.title}>{t('timeline.eventTitle')}</label>
              <input id={ids.title} value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} />
            </div>
            <div className="field field-wide">
              <label htmlFor={ids.detail}>{t('timeline.detail')}</label>
              <textarea id={ids.detail} rows={2} value={draft.detail} onChange={(event) => setDraft({ ...draft, detail: event.target.value })} />
            </div>
            <div className="field field-wide">
              <label htmlFor={ids.clinical}>
                <input id={ids.clinical} type="checkbox" checked={draft.clinical} onChange={(event) => setDraft({ ...draft, clinical: event.target.checked })} /> {t('timeline.clinical')}
              </label>
            </div>
          </div>
          {error && <Notice tone="error">{error}</Notice>}
          <Button type="submit" variant="primary">
            {t('timeline.submit')}
          </Button>
        </form>
      )}
    </section>
  )
}
