import type { Commitment } from '../schema/plan.ts'

/**
 * Meetings over HTTP (docs/api.md, "Meetings"), as the server answers them and
 * the client reads them: metadata and attendance are server records, decisions
 * live in the plan. The server's `publicMeeting` is typed with `Meeting`.
 */

export const MEETING_KINDS = ['gos', 'msp', 'dac', 'synthesis'] as const
export type MeetingKind = (typeof MEETING_KINDS)[number]
export type MeetingStatus = 'planned' | 'started' | 'ended'
/** How attendance is recorded by hand; `connected` is recorded by the server as people join. */
export const MANUAL_MODES = ['room', 'video', 'phone', 'written', 'absent'] as const
export type ManualMode = (typeof MANUAL_MODES)[number]
export type AttendanceMode = 'connected' | ManualMode

export interface Invitee {
  memberId: string | null
  name: string
}

export interface AgendaItem {
  title: string
  /** A part of the plan: `assessment/<domain>`, `goals/<id>`, `actions/<id>`, `unmet`, `person`. */
  target: string | null
}

export interface Meeting {
  id: string
  kind: MeetingKind
  title: string
  startsAt: string
  place: string
  /** The convener's user id. */
  convener: string
  invitees: Invitee[]
  agenda: AgendaItem[]
  status: MeetingStatus
  startedAt: string | null
  endedAt: string | null
  /** The version validated by ending the meeting. */
  versionId: string | null
  reviewDate: string | null
  nextMeeting: string | null
  publishedAt: string | null
}

export interface Attendance {
  name: string
  memberId: string | null
  mode: AttendanceMode
  source: 'server' | 'manual'
  at: string
}

/** `GET …/meetings/:meetingId`: the meeting and who attended, how. */
export interface MeetingDetail extends Meeting {
  attendance: Attendance[]
}

/** `POST …/meetings`. */
export interface NewMeeting {
  kind: MeetingKind
  startsAt: string
  title?: string
  place?: string
  invitees?: { memberId?: string; name: string }[]
  agenda?: AgendaItem[]
}

/** `POST …/meetings/:meetingId/end`. */
export interface EndMeeting {
  reviewDate?: string | null
  nextMeeting?: string | null
  publish?: boolean
  notes?: string
}

/** One commitment statement (PAG): the latest per action is the one in force. */
export interface CommitmentStatement {
  id: string
  actionId: string
  status: Commitment
  comment: string
  userId: string
  memberId: string
  at: string
}
