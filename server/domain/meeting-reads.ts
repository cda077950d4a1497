import type { AttendanceRow, MeetingRow, MeetingRows } from '../storage/meetings.ts'
import { can, type PolicyContext } from '../auth/policy.ts'
import { DomainError } from './errors.ts'
import { assertSituationOpen } from './open-situation.ts'

/** A situation's meetings, for who reads its plan. */
export async function listMeetings(deps: { meetings: Pick<MeetingRows, 'list'> }, situationId: string): Promise<MeetingRow[]> {
  return deps.meetings.list(situationId)
}

/** One meeting with who attended and how; 404 when it is not this situation's. */
export async function meetingWithAttendance(deps: { meetings: Pick<MeetingRows, 'byId' | 'attendance'> }, situationId: string, meetingId: string): Promise<{ meeting: MeetingRow; attendance: AttendanceRow[] }> {
  const meeting = await deps.meetings.byId(situationId, meetingId)
  if (!meeting) throw new DomainError(404, 'not found')
  return { meeting, attendance: await deps.meetings.attendance(meeting.id) }
}

/**
 * The meeting a member is about to run (start, attendance, end, minutes):
 * the coordinator or the meeting's convener runs it, and only while the
 * situation is open (running a meeting changes the situation).
 *
 * @example const meeting = await meetingToRun(deps, context, meetingId, user.id)
 */
export async function meetingToRun(deps: { meetings: Pick<MeetingRows, 'byId'> }, context: PolicyContext, meetingId: string, userId: string): Promise<MeetingRow> {
  const meeting = await deps.meetings.byId(context.situation.id, meetingId)
  if (!meeting) throw new DomainError(404, 'not found')
  if (!can(context, 'manageMembers') && meeting.convenerUserId !== userId) throw new DomainError(403, 'only the coordinator or the convener runs the meeting')
  assertSituationOpen(context.situation)
  return meeting
}
