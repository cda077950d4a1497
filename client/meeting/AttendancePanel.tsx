import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type * as Y from 'yjs'
import { personRoots } from '../../shared/schema/person.ts'
import { richTextToPlain } from '../../shared/editor/fragment.ts'
import type { Member, SituationDetail } from '../api/types.ts'
import { useYRead } from '../collab/use-y.ts'
import { ReadOnlyRichText } from '../editor/ReadOnlyRichText.tsx'
import { Badge, Button, Notice } from '../ui/primitives.tsx'
import { recordAttendance } from '../api/meetings.ts'
import { MANUAL_MODES, type Attendance, type AttendanceMode, type ManualMode, type MeetingDetail } from '../../shared/api/meetings.ts'
import { MEETING_NS } from './strings.ts'
import { useSubmit } from './use-submit.ts'
import { isPersonSide } from '../../shared/domain/roles.ts'

const MODE_TONE: Record<AttendanceMode, 'green' | 'blue' | 'violet' | 'amber' | 'neutral' | 'red'> = {
  connected: 'green',
  room: 'green',
  video: 'blue',
  phone: 'blue',
  written: 'violet',
  absent: 'neutral',
}
const GUEST = '__guest__'

export const attendanceOf = (meeting: MeetingDetail, member: Member): Attendance | undefined =>
  meeting.attendance.find((row) => row.memberId === member.id) ?? meeting.attendance.find((row) => !row.memberId && row.name === member.name)

function ModeBadge({ attendance }: { attendance: Attendance | undefined }) {
  const { t } = useTranslation(MEETING_NS)
  if (!attendance) return <Badge tone="neutral">{t('attendance.notNoted')}</Badge>
  return (
    <Badge tone={MODE_TONE[attendance.mode]} title={t(attendance.source === 'server' ? 'attendance.server' : 'attendance.manual')}>
      {t(`attendance.mode.${attendance.mode}`)}
    </Badge>
  )
}

/** What the person wrote for the meeting in their own section ("ce que j'attends de la prochaine réunion"). */
function Expectations({ doc, name }: { doc: Y.Doc; name: string }) {
  const { t } = useTranslation(MEETING_NS)
  const fragment = personRoots(doc).expectations
  const text = useYRead([fragment], () => richTextToPlain(fragment).trim())
  return (
    <div className="meeting-expectations">
      <h4>{t('attendance.expectations', { name })}</h4>
      {text ? <ReadOnlyRichText fragment={fragment} label={t('attendance.expectations', { name })} /> : <p className="muted small">{t('attendance.expectationsEmpty', { name })}</p>}
    </div>
  )
}

/** One family member's line: presence badge and, for the runner, a quick way to note it. */
function FamilyLine({ member, meeting, situation, canRecord, onRecorded }: { member: Member; meeting: MeetingDetail; situation: SituationDetail; canRecord: boolean; onRecorded: () => void }) {
  const { t } = useTranslation(MEETING_NS)
  const { t: tc } = useTranslation()
  const [mode, setMode] = useState<ManualMode>('room')
  const { busy, failed, run } = useSubmit()
  const attendance = attendanceOf(meeting, member)
  const selectId = useId()
  const record = () =>
    run(async () => {
      await recordAttendance(situation.id, meeting.id, { memberId: member.id, mode })
      onRecorded()
    })
  return (
    <li className="family-line" data-member-id={member.id} data-mode={attendance?.mode ?? 'none'}>
      <div className="family-who">
        <span className="member-name">{member.name}</span>
        <span className="muted small">{member.mission || tc(`role.${member.role}`)}</span>
      </div>
      <ModeBadge attendance={attendance} />
      {canRecord && attendance?.source !== 'server' && (
        <div className="family-record">
          <label className="visually-hidden" htmlFor={selectId}>
            {t('attendance.recordFor', { name: member.name })}
          </label>
          <select id={selectId} value={mode} onChange={(event) => setMode(event.target.value as ManualMode)}>
            {MANUAL_MODES.map((value) => (
              <option key={value} value={value}>
                {t(`attendance.mode.${value}`)}
              </option>
            ))}
          </select>
          <Button className="btn-small" disabled={busy} onClick={() => void record()} aria-label={`${t('attendance.recordButton')} — ${member.name}`}>
            {t('attendance.recordButton')}
          </Button>
        </div>
      )}
      {failed && <span className="small meeting-error">{t('page.failed')}</span>}
    </li>
  )
}

/** Manual attendance for anyone: a circle member or a guest by name. */
function RecordForm({ meeting, situation, onRecorded }: { meeting: MeetingDetail; situation: SituationDetail; onRecorded: () => void }) {
  const { t } = useTranslation(MEETING_NS)
  const [who, setWho] = useState('')
  const [name, setName] = useState('')
  const [mode, setMode] = useState<ManualMode>('room')
  const { busy, failed, run } = useSubmit()
  const whoId = useId()
  const nameId = useId()
  const modeId = useId()
  const guestNames = meeting.invitees.filter((invitee) => !invitee.memberId).map((invitee) => invitee.name)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const body = who === GUEST ? { name: name.trim(), mode } : who.startsWith('guest:') ? { name: who.slice(6), mode } : { memberId: who, mode }
    if (!who || ('name' in body && !body.name)) return
    await run(async () => {
      await recordAttendance(situation.id, meeting.id, body)
      setWho('')
      setName('')
      onRecorded()
    })
  }
  return (
    <form className="attendance-form" onSubmit={(event) => void submit(event)} aria-label={t('attendance.record')}>
      <h3 className="subheading">{t('attendance.record')}</h3>
      <div className="field">
        <label htmlFor={whoId}>{t('attendance.who')}</label>
        <select id={whoId} value={who} onChange={(event) => setWho(event.target.value)}>
          <option value="">{t('attendance.choose')}</option>
          {situation.members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
          {guestNames.map((guest) => (
            <option key={guest} value={`guest:${guest}`}>
              {guest}
            </option>
          ))}
          <option value={GUEST}>{t('attendance.guest')}</option>
        </select>
      </div>
      {who === GUEST && (
        <div className="field">
          <label htmlFor={nameId}>{t('attendance.guest')}</label>
          <input id={nameId} value={name} placeholder={t('attendance.guestPlaceholder')} onChange={(event) => setName(event.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={modeId}>{t('attendance.modeLabel')}</label>
        <select id={modeId} value={mode} onChange={(event) => setMode(event.target.value as ManualMode)}>
          {MANUAL_MODES.map((value) => (
            <option key={value} value={value}>
              {t(`attendance.mode.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" disabled={busy || !who || (who === GUEST && !name.trim())}>
        {t('attendance.recordButton')}
      </Button>
      {failed && <Notice tone="error">{t('page.failed')}</Notice>}
    </form>
  )
}

/**
 * Who is there: the person and the family first (their presence or written
 * contribution is stated explicitly), then everyone recorded, then the
 * invitees not yet seen. Connected people are recorded by the server.
 */
export function AttendancePanel({
  meeting,
  situation,
  personDoc,
  canRecord,
  onRecorded,
}: {
  meeting: MeetingDetail
  situation: SituationDetail
  personDoc: Y.Doc | null
  canRecord: boolean
  onRecorded: () => void
}) {
  const { t } = useTranslation(MEETING_NS)
  const family = situation.members.filter((member) => isPersonSide(member.role))
  const person = situation.members.find((member) => member.role === 'person')
  const others = meeting.attendance.filter((row) => !family.some((member) => member.id === row.memberId))
  const seen = new Set(meeting.attendance.map((row) => row.memberId ?? row.name))
  const waiting = meeting.invitees.filter((invitee) => !seen.has(invitee.memberId ?? invitee.name) && !family.some((member) => member.id === invitee.memberId))
  return (
    <section className="plan-section meeting-attendance" aria-labelledby="meeting-attendance-title" data-testid="attendance">
      <h2 id="meeting-attendance-title">{t('attendance.title')}</h2>
      {family.length > 0 && (
        <div className="family-card">
          <h3>{t('attendance.personTitle')}</h3>
          <p className="muted small">{t('attendance.personHint')}</p>
          <ul className="family-list">
            {family.map((member) => (
              <FamilyLine key={member.id} member={member} meeting={meeting} situation={situation} canRecord={canRecord} onRecorded={onRecorded} />
            ))}
          </ul>
          {personDoc && person && <Expectations doc={personDoc} name={person.name} />}
        </div>
      )}
      <p className="muted small">{t('attendance.hint')}</p>
      {others.length === 0 ? (
        <p className="muted small">{t('attendance.none')}</p>
      ) : (
        <ul className="attendance-list">
          {others.map((row) => (
            <li key={`${row.memberId ?? row.name}`} className="attendance-row" data-mode={row.mode}>
              <span className="member-name">{row.name}</span>
              <ModeBadge attendance={row} />
            </li>
          ))}
        </ul>
      )}
      {waiting.length > 0 && (
        <p className="small">
          <strong>{meeting.status === 'ended' ? t('attendance.invitedAbsent') : t('attendance.invitedTitle')} :</strong> {waiting.map((invitee) => invitee.name).join(', ')}
          {meeting.status !== 'ended' && <span className="muted"> ({t('attendance.notNoted').toLowerCase()})</span>}
        </p>
      )}
      {canRecord && <RecordForm meeting={meeting} situation={situation} onRecorded={onRecorded} />}
    </section>
  )
}
