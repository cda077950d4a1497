import type { Generated } from 'kysely'
import type { Bytes } from '../schema.ts'

/** A situation's own records: versions, meetings, agreements, commitments, timeline, audit, plan actions, client bindings. */
export interface RecordTables {
  versions: VersionsTable
  version_parts: VersionPartsTable
  meetings: MeetingsTable
  meeting_attendance: MeetingAttendanceTable
  meeting_snapshots: MeetingSnapshotsTable
  agreements: AgreementsTable
  commitments: CommitmentsTable
  timeline_events: TimelineEventsTable
  audit_events: AuditEventsTable
  plan_actions: PlanActionsTable
  client_bindings: ClientBindingsTable
}

export interface VersionsTable {
  id: string
  situation_id: string
  label: string
  created_at: string
  created_by: string
  meeting_id: string | null
  context: string | null
  /** Per situation, in the order written (migration 016). */
  seq: Generated<number>
}

export interface VersionPartsTable {
  version_id: string
  part: string
  bytes: Bytes
  checksum: number
}

export interface MeetingsTable {
  id: string
  situation_id: string
  kind: string
  title: Generated<string>
  starts_at: string
  place: Generated<string>
  convener_user_id: string
  invitees: Generated<string>
  agenda: Generated<string>
  status: Generated<string>
  started_at: string | null
  ended_at: string | null
  end_version_id: string | null
  review_date: string | null
  next_meeting: string | null
  minutes_notes: Generated<string>
  published_at: string | null
  created_at: string
  created_by: string
  context: string | null
}

export interface MeetingAttendanceTable {
  meeting_id: string
  attendee_key: string
  member_id: string | null
  name: string
  mode: string
  source: string
  at: string
  recorded_by: string | null
}

export interface MeetingSnapshotsTable {
  meeting_id: string
  part: string
  bytes: Bytes
}

export interface AgreementsTable {
  id: string
  situation_id: string
  version_id: string
  status: string
  comment: Generated<string>
  user_id: string
  member_id: string
  at: string
  /** Per situation, in the order written (migration 016). */
  seq: Generated<number>
}

export interface CommitmentsTable {
  id: string
  situation_id: string
  action_id: string
  status: string
  comment: Generated<string>
  user_id: string
  member_id: string
  at: string
  /** Per situation, in the order written (migration 016). */
  seq: Generated<number>
}

export interface TimelineEventsTable {
  id: string
  situation_id: string
  date: string
  kind: string
  title: string
  detail: Generated<string>
  created_by: string
  created_at: string
  part: Generated<string>
  /** Per situation, in the order written (migration 016). */
  seq: Generated<number>
}

export interface AuditEventsTable {
  id: Generated<number>
  at: string
  situation_id: string | null
  user_id: string | null
  action: string
  target: string | null
  detail: Generated<string>
  address: string | null
}

export interface PlanActionsTable {
  situation_id: string
  action_id: string
  goal_id: string | null
  title: string
  owner: string | null
  due_date: string | null
  status: string
  projected_at: string
}

export interface ClientBindingsTable {
  doc: string
  client_id: number
  user_id: string
  created_at: number
}
