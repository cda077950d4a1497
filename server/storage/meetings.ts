import type { Db } from './db.ts'
import type { AgendaItem, AttendanceMode, Invitee, MeetingKind } from '../../shared/api/meetings.ts'

// The vocabulary a meeting row holds is the wire's (shared/api/meetings.ts): one declaration.
export type { AgendaItem, AttendanceMode, Invitee, MeetingKind }

export interface MeetingRow {
  id: string
  situationId: string
  kind: MeetingKind
  title: string
  startsAt: string
  place: string
  convenerUserId: string
  invitees: Invitee[]
  agenda: AgendaItem[]
  status: 'planned' | 'started' | 'ended'
  startedAt: string | null
  endedAt: string | null
  endVersionId: string | null
  reviewDate: string | null
  nextMeeting: string | null
  minutesNotes: string
  publishedAt: string | null
  createdAt: string
  createdBy: string
  /** The circle, coordinator and review date when it ended, as JSON (migration 009); null before. */
  context?: string | null
}

export interface AttendanceRow {
  meetingId: string
  attendeeKey: string
  memberId: string | null
  name: string
  mode: AttendanceMode
  source: 'server' | 'manual'
  at: string
  recordedBy: string | null
}

const COLUMNS = `id, situation_id AS situationId, kind, title, starts_at AS startsAt, place, convener_user_id AS convenerUserId,
  invitees, agenda, status, started_at AS startedAt, ended_at AS endedAt, end_version_id AS endVersionId, review_date AS reviewDate,
  next_meeting AS nextMeeting, minutes_notes AS minutesNotes, published_at AS publishedAt, created_at AS createdAt, created_by AS createdBy, context`

const toMeeting = (row: Record<string, unknown> | undefined): MeetingRow | undefined =>
  row && ({ ...row, invitees: JSON.parse(row.invitees as string), agenda: JSON.parse(row.agenda as string) } as MeetingRow)

/** Meetings and their attendance: rows only. */
export function createMeetingRows(db: Db) {
  const insert = db.prepare(
    `INSERT INTO meetings (id, situation_id, kind, title, starts_at, place, convener_user_id, invitees, agenda, created_at, created_by)
     VALUES (@id, @situationId, @kind, @title, @startsAt, @place, @convenerUserId, @invitees, @agenda, @createdAt, @createdBy)`,
  )
  const byId = db.prepare(`SELECT ${COLUMNS} FROM meetings WHERE situation_id = ? AND id = ?`)
  const list = db.prepare(`SELECT ${COLUMNS} FROM meetings WHERE situation_id = ? ORDER BY starts_at DESC`)
  const started = db.prepare(`SELECT ${COLUMNS} FROM meetings WHERE situation_id = ? AND status = 'started'`)
  const update = db.prepare(
    `UPDATE meetings SET status = @status, started_at = @startedAt, ended_at = @endedAt, end_version_id = @endVersionId, review_date = @reviewDate,
       next_meeting = @nextMeeting, minutes_notes = @minutesNotes, published_at = @publishedAt, context = @context WHERE id = @id`,
  )
  const insertSnapshot = db.prepare('INSERT OR REPLACE INTO meeting_snapshots (meeting_id, part, bytes) VALUES (?, ?, ?)')
  const snapshot = db.prepare('SELECT bytes FROM meeting_snapshots WHERE meeting_id = ? AND part = ?').pluck()
  const upsertAttendance = db.prepare(
    `INSERT INTO meeting_attendance (meeting_id, attendee_key, member_id, name, mode, source, at, recorded_by)
     VALUES (@meetingId, @attendeeKey, @memberId, @name, @mode, @source, @at, @recordedBy)
     ON CONFLICT (meeting_id, attendee_key) DO UPDATE SET mode = excluded.mode, source = excluded.source, at = excluded.at, recorded_by = excluded.recorded_by
     WHERE meeting_attendance.source = 'manual' OR excluded.source = 'server'`,
  )
  const attendance = db.prepare(
    `SELECT meeting_id AS meetingId, attendee_key AS attendeeKey, member_id AS memberId, name, mode, source, at, recorded_by AS recordedBy
       FROM meeting_attendance WHERE meeting_id = ? ORDER BY at`,
  )
  return {
    insert: (row: MeetingRow) => void insert.run({ ...row, invitees: JSON.stringify(row.invitees), agenda: JSON.stringify(row.agenda) }),
    byId: (situationId: string, id: string) => toMeeting(byId.get(situationId, id) as Record<string, unknown> | undefined),
    list: (situationId: string) => (list.all(situationId) as Record<string, unknown>[]).map((r) => toMeeting(r)!),
    startedIn: (situationId: string) => (started.all(situationId) as Record<string, unknown>[]).map((r) => toMeeting(r)!),
    update: (row: MeetingRow) => void update.run({ ...row, context: row.context ?? null }),
    saveSnapshot: (meetingId: string, part: string, bytes: Uint8Array) => void insertSnapshot.run(meetingId, part, bytes),
    snapshot: (meetingId: string, part: string) => {
      const bytes = snapshot.get(meetingId, part) as Buffer | undefined
      return bytes ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null
    },
    recordAttendance: (row: AttendanceRow) => void upsertAttendance.run(row),
    attendance: (meetingId: string) => attendance.all(meetingId) as AttendanceRow[],
  }
}
export type MeetingRows = ReturnType<typeof createMeetingRows>
