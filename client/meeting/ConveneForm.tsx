import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type * as Y from 'yjs'
import { planRoots } from '../../shared/schema/plan.ts'
import { addDays, todayInParis } from '../../shared/domain/dates.ts'
import type { PlanKind } from '../../shared/domain/roles.ts'
import { ApiError } from '../api/http.ts'
import type { SituationDetail } from '../api/types.ts'
import { useYRead } from '../collab/use-y.ts'
import { Button, IconButton, Notice } from '../ui/primitives.tsx'
import { createMeeting } from '../api/meetings.ts'
import { MEETING_KINDS, type Meeting, type MeetingKind } from '../../shared/api/meetings.ts'
import { parisToIso } from '../ui/paris-time.ts'
import { targetOptions, type TargetOption } from './plan-targets.ts'
import { MEETING_NS } from './strings.ts'

/** The usual meeting for each plan: GOS for a PAG, MSP concertation for a PPS, DAC review for a PPCS. */
const DEFAULT_KIND: Record<PlanKind, MeetingKind> = { pag: 'gos', pps: 'msp', ppcs: 'dac' }
const GROUPS = ['assessment', 'goals', 'actions', 'other'] as const

interface AgendaDraft {
  key: number
  title: string
  target: string
}

/** Live list of the parts of the plan an agenda item can point to. */
function useTargets(doc: Y.Doc | null): TargetOption[] {
  const { t } = useTranslation(MEETING_NS)
  const { t: tc } = useTranslation()
  const roots = doc ? [planRoots(doc).goals, planRoots(doc).actions] : []
  return useYRead(roots, () => (doc ? targetOptions(doc, t, tc) : []))
}

/**
 * Convening: kind, date and time (Europe/Paris), place or video link,
 * invitees from the circle plus outside guests by name, and an agenda whose
 * items each point to a part of the plan.
 */
export function ConveneForm({ situation, planDoc, onCreated, onCancel }: { situation: SituationDetail; planDoc: Y.Doc | null; onCreated: (meeting: Meeting) => void; onCancel?: () => void }) {
  const { t } = useTranslation(MEETING_NS)
  const targets = useTargets(planDoc)
  const [kind, setKind] = useState<MeetingKind>(DEFAULT_KIND[situation.kind])
  const [title, setTitle] = useState('')
  const [date, setDate] = useState(() => addDays(todayInParis(), 7))
  const [time, setTime] = useState('14:00')
  const [place, setPlace] = useState('')
  const [invited, setInvited] = useState<Set<string>>(() => new Set(situation.members.map((member) => member.id)))
  const [guests, setGuests] = useState<string[]>([])
  const [guest, setGuest] = useState('')
  const [agenda, setAgenda] = useState<AgendaDraft[]>([{ key: 0, title: '', target: '' }])
  const [nextKey, setNextKey] = useState(1)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const ids = { kind: useId(), title: useId(), date: useId(), time: useId(), place: useId(), guest: useId() }

  const toggle = (memberId: string) =>
    setInvited((current) => {
      const next = new Set(current)
      if (next.has(memberId)) next.delete(memberId)
      else next.add(memberId)
      return next
    })
  const addGuest = () => {
    const name = guest.trim()
    if (name && !guests.includes(name)) setGuests([...guests, name])
    setGuest('')
  }
  const setItem = (key: number, fields: Partial<AgendaDraft>) => setAgenda((items) => items.map((item) => (item.key === key ? { ...item, ...fields } : item)))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const startsAt = parisToIso(date, time)
    if (!startsAt) {
      setError(t('convene.invalidDate'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      const meeting = await createMeeting(situation.id, {
        kind,
        startsAt,
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(place.trim() ? { place: place.trim() } : {}),
        invitees: [
          ...situation.members.filter((member) => invited.has(member.id)).map((member) => ({ memberId: member.id, name: member.name })),
          ...guests.map((name) => ({ name })),
        ],
        agenda: agenda.filter((item) => item.title.trim()).map((item) => ({ title: item.title.trim(), target: item.target || null })),
      })
      onCreated(meeting)
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 403 ? t('convene.forbidden') : t('convene.failed'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="plan-section convene-form" onSubmit={(event) => void submit(event)} aria-labelledby="convene-title">
      <h2 id="convene-title">{t('convene.title')}</h2>
      <div className="meeting-form-grid">
        <div className="field">
          <label htmlFor={ids.kind}>{t('convene.kind')}</label>
          <select id={ids.kind} value={kind} onChange={(event) => setKind(event.target.value as MeetingKind)}>
            {MEETING_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`kind.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.title}>{t('convene.subject')}</label>
          <input id={ids.title} value={title} maxLength={200} placeholder={t('convene.subjectPlaceholder')} onChange={(event) => setTitle(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.date}>{t('convene.date')}</label>
          <input id={ids.date} type="date" required value={date} onChange={(event) => setDate(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.time}>{t('convene.time')}</label>
          <input id={ids.time} type="time" required value={time} onChange={(event) => setTime(event.target.value)} />
        </div>
        <div className="field field-wide">
          <label htmlFor={ids.place}>{t('convene.place')}</label>
          <input id={ids.place} value={place} maxLength={500} placeholder={t('convene.placePlaceholder')} onChange={(event) => setPlace(event.target.value)} />
        </div>
      </div>

      <fieldset className="convene-invitees">
        <legend>{t('convene.invitees')}</legend>
        <ul className="invitee-grid">
          {situation.members.map((member) => (
            <li key={member.id}>
              <label className="meeting-check">
                <input type="checkbox" checked={invited.has(member.id)} onChange={() => toggle(member.id)} data-member-id={member.id} />
                <span>
                  <span className="member-name">{member.name}</span>
                  <span className="muted small"> — {member.mission || member.organisation}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>

      <fieldset className="convene-guests">
        <legend>{t('convene.guests')}</legend>
        {guests.length > 0 && (
          <ul className="guest-list">
            {guests.map((name) => (
              <li key={name} className="guest-chip">
                {name}
                <IconButton label={t('convene.removeGuest', { name })} onClick={() => setGuests(guests.filter((other) => other !== name))}>
                  ✕
                </IconButton>
              </li>
            ))}
          </ul>
        )}
        <div className="meeting-inline-add">
          <label className="visually-hidden" htmlFor={ids.guest}>
            {t('convene.guestName')}
          </label>
          <input
            id={ids.guest}
            value={guest}
            placeholder={t('convene.guestPlaceholder')}
            onChange={(event) => setGuest(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault()
                addGuest()
              }
            }}
          />
          <Button onClick={addGuest} disabled={!guest.trim()}>
            {t('convene.addGuest')}
          </Button>
        </div>
      </fieldset>

      <fieldset className="convene-agenda">
        <legend>{t('convene.agenda')}</legend>
        <p className="muted small">{t('convene.agendaHint')}</p>
        <ol className="agenda-drafts">
          {agenda.map((item, index) => (
            <li key={item.key} className="agenda-draft">
              <input aria-label={t('convene.agendaTitle', { n: index + 1 })} value={item.title} maxLength={300} placeholder={t('convene.agendaPlaceholder')} onChange={(event) => setItem(item.key, { title: event.target.value })} />
              <select aria-label={t('convene.agendaTarget', { n: index + 1 })} value={item.target} onChange={(event) => setItem(item.key, { target: event.target.value })}>
                <option value="">{t('convene.noTarget')}</option>
                {GROUPS.map((group) => (
                  <optgroup key={group} label={t(`target.group.${group}`)}>
                    {targets
                      .filter((option) => option.group === group)
                      .map((option) => (
                        <option key={option.value} value={option.value}>
                          {option.label}
                        </option>
                      ))}
                  </optgroup>
                ))}
              </select>
              <IconButton label={t('convene.removeAgenda', { n: index + 1 })} onClick={() => setAgenda(agenda.filter((other) => other.key !== item.key))}>
                ✕
              </IconButton>
            </li>
          ))}
        </ol>
        <Button
          variant="ghost"
          onClick={() => {
            setAgenda([...agenda, { key: nextKey, title: '', target: '' }])
            setNextKey(nextKey + 1)
          }}
        >
          + {t('convene.addAgenda')}
        </Button>
      </fieldset>

      {error && <Notice tone="error">{error}</Notice>}
      <div className="meeting-form-actions">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? t('convene.sending') : t('convene.submit')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('convene.cancel')}</Button>}
      </div>
    </form>
  )
}
