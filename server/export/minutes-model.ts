import type { AgendaItem, AttendanceMode, MeetingKind } from '../storage/meetings.ts'
import type { FollowUpMinutes } from './follow-up-sections.ts'
import type { RowChange } from './plan-changes.ts'

/**
 * The minutes of an ended meeting as the renderers take them (HTML and PDF):
 * a plain model built by domain/meetings.ts `minutesModel`, already limited
 * to what the reader may see.
 */
/** Everything the minutes say, resolved to names. */
export interface MinutesModel {
  situationTitle: string
  kind: MeetingKind
  title: string
  startsAt: string
  place: string
  convener: string
  /** The coordinator when the meeting ended (recorded with it), not today's. */
  coordinator: string | null
  agenda: AgendaItem[]
  attendance: { name: string; role: string | null; mode: AttendanceMode; source: 'server' | 'manual' }[]
  invitedAbsent: string[]
  person: { present: boolean; wroteDuringMeeting: boolean; relativePresent: boolean }
  changes: (RowChange & { ownerName?: string | null; dueDate?: string | null })[]
  decisions: { text: string; by: string; linked: string | null }[]
  commitments: { action: string; partner: string; status: string; comment: string }[]
  /** Null when the reader may not read the person part live: the section is left out, not emptied. */
  views: { about: string; opinion: string; comment: string; by: string }[] | null
  reviewDate: string | null
  nextMeeting: string | null
  notes: string
  versionLabel: string | null
  publishedAt: string | null
  /** Progress answers since the previous meeting and the goals' co-evaluation (issue 18). */
  followUp?: FollowUpMinutes
}
