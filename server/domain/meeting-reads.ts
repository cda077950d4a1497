import type { AttendanceRow, MeetingRow, MeetingRows } from '../storage/meetings.ts'
import { can, type PolicyContext } from '../auth/policy.ts'
import { DomainError } from './errors.ts'
import { assertSituationOpen } from './open-situation.ts'

/** A situation's meetings, for who reads its plan. */
export function listMeetings(deps: { meetings: Pick<MeetingRows, 'list'> }, situationId: string): MeetingRow[] {
  return deps.meetings.list(situationId)
}

/** One meeting with who attended and how; 404 when it is not this situation's. */
export function meetingWithAttendance(deps: { meetings: Pick<MeetingRows, 'byId' | 'attendance'> }, situationId: string, meetingId: string): { meeting: MeetingRow; attendance: AttendanceRow[] } {
  const meeting = deps.meetings.byId(situationId, meetingId)
  if (!meeting) throw new DomainError(404, 'not found')
  return { meeting, attendance: deps.meetings.attendance(meeting.id) }
}

/**
 * The meeting a member is about to run (start, attendance, end, minutes):
 * the coordinator or the meeting's convener runs it, and only while the
 * situation is open (running a meeting changes the situation).
 *
 * @example const meeting = meetingToRun(deps, context, meetingId, user.id)
 */
export function meetingToRun(deps: { meetings: Pick<MeetingRows, 'byId'> }, context: PolicyContext, meetingId: string, userId: string): MeetingRow {
  const meeting = deps.meetings.byId(context.situation.id, meetingId)
  if (!meeting) throw new DomainError(404, 'not found')
  if (!can(context, 'manageMembers') && meeting.convenerUserId !== userId) throw new DomainError(403, 'only the coordinator or the convener runs the meeting')
  assertSituationOpen(context.situation)
  return meeting
}
