import type { SqlDb } from './sql/schema.ts'
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

const COLUMNS = [
  'id',
  'situation_id as situationId',
  'kind',
  'title',
  'starts_at as startsAt',
  'place',
  'convener_user_id as convenerUserId',
  'invitees',
  'agenda',
  'status',
  'started_at as startedAt',
  'ended_at as endedAt',
  'end_version_id as endVersionId',
  'review_date as reviewDate',
  'next_meeting as nextMeeting',
  'minutes_notes as minutesNotes',
  'published_at as publishedAt',
  'created_at as createdAt',
  'created_by as createdBy',
  'context',
] as const

const ATTENDANCE_COLUMNS = [
  'meeting_id as meetingId',
  'attendee_key as attendeeKey',
  'member_id as memberId',
  'name',
  'mode',
  'source',
  'at',
  'recorded_by as recordedBy',
] as const

/** A stored meeting: the lists as JSON text, the vocabularies as the CHECK constraints allow. */
type Stored = Omit<MeetingRow, 'invitees' | 'agenda' | 'kind' | 'status'> & { invitees: string; agenda: string; kind: string; status: string }
const toMeeting = (row: Stored): MeetingRow => ({
  ...row,
  kind: row.kind as MeetingKind,
  status: row.status as MeetingRow['status'],
  invitees: JSON.parse(row.invitees) as Invitee[],
  agenda: JSON.parse(row.agenda) as AgendaItem[],
})

/**
 * Meetings and their attendance: rows only. Asynchronous on both engines
 * (docs/decisions/018).
 * @example const rows = createMeetingRows(sql); await rows.byId(situationId, meetingId)
 */
export function createMeetingRows(sql: SqlDb) {
  const select = () => sql.selectFrom('meetings').select(COLUMNS)
  return {
    async insert(row: MeetingRow): Promise<void> {
      await sql
        .insertInto('meetings')
        .values({
          id: row.id,
          situation_id: row.situationId,
          kind: row.kind,
          title: row.title,
          starts_at: row.startsAt,
          place: row.place,
          convener_user_id: row.convenerUserId,
          invitees: JSON.stringify(row.invitees),
          agenda: JSON.stringify(row.agenda),
          created_at: row.createdAt,
          created_by: row.createdBy,
        })
        .execute()
    },
    async byId(situationId: string, id: string): Promise<MeetingRow | undefined> {
      const row = await select().where('situation_id', '=', situationId).where('id', '=', id).executeTakeFirst()
      return row && toMeeting(row)
    },
    async list(situationId: string): Promise<MeetingRow[]> {
      return (await select().where('situation_id', '=', situationId).orderBy('starts_at', 'desc').execute()).map(toMeeting)
    },
    async startedIn(situationId: string): Promise<MeetingRow[]> {
      return (await select().where('situation_id', '=', situationId).where('status', '=', 'started').execute()).map(toMeeting)
    },
    /** Writes what a meeting's life changes (status, times, minutes, context); what it was planned as stays. */
    async update(row: MeetingRow): Promise<void> {
      await sql
        .updateTable('meetings')
        .set({
          status: row.status,
          started_at: row.startedAt,
          ended_at: row.endedAt,
          end_version_id: row.endVersionId,
          review_date: row.reviewDate,
          next_meeting: row.nextMeeting,
          minutes_notes: row.minutesNotes,
          published_at: row.publishedAt,
          context: row.context ?? null,
        })
        .where('id', '=', row.id)
        .execute()
    },
    /** The part's state when the meeting started; a second save of the same part replaces it. */
    async saveSnapshot(meetingId: string, part: string, bytes: Uint8Array): Promise<void> {
      const stored = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      await sql
        .insertInto('meeting_snapshots')
        .values({ meeting_id: meetingId, part, bytes: stored })
        .onConflict((oc) => oc.columns(['meeting_id', 'part']).doUpdateSet({ bytes: stored }))
        .execute()
    },
    async snapshot(meetingId: string, part: string): Promise<Uint8Array | null> {
      const row = await sql.selectFrom('meeting_snapshots').select('bytes').where('meeting_id', '=', meetingId).where('part', '=', part).executeTakeFirst()
      return row ? new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) : null
    },
    /**
     * Records how someone attended. A manual row may be replaced by anything;
     * a server-seen row only by another server-seen one (a connection
     * observed outranks a hand-entered mode).
     */
    async recordAttendance(row: AttendanceRow): Promise<void> {
      await sql
        .insertInto('meeting_attendance')
        .values({
          meeting_id: row.meetingId,
          attendee_key: row.attendeeKey,
          member_id: row.memberId,
          name: row.name,
          mode: row.mode,
          source: row.source,
          at: row.at,
          recorded_by: row.recordedBy,
        })
        .onConflict((oc) =>
          oc
            .columns(['meeting_id', 'attendee_key'])
            .doUpdateSet((eb) => ({ mode: eb.ref('excluded.mode'), source: eb.ref('excluded.source'), at: eb.ref('excluded.at'), recorded_by: eb.ref('excluded.recorded_by') }))
            .where((eb) => eb.or([eb('meeting_attendance.source', '=', 'manual'), eb('excluded.source', '=', 'server')])),
        )
        .execute()
    },
    async attendance(meetingId: string): Promise<AttendanceRow[]> {
      const rows = await sql.selectFrom('meeting_attendance').select(ATTENDANCE_COLUMNS).where('meeting_id', '=', meetingId).orderBy('at').execute()
      return rows as AttendanceRow[]
    },
  }
}
export type MeetingRows = ReturnType<typeof createMeetingRows>
