import { ApiError, request } from './http.ts'
import type { Attendance, CommitmentStatement, EndMeeting, ManualMode, Meeting, MeetingDetail, NewMeeting } from '../../shared/api/meetings.ts'
import type { EasyMinutes } from '../../shared/api/follow-up.ts'

/** Meetings over HTTP (docs/api.md, "Meetings"); their wire types are declared once, in shared/api/meetings.ts. */

const base = (situationId: string) => `/api/situations/${encodeURIComponent(situationId)}/meetings`
const one = (situationId: string, meetingId: string) => `${base(situationId)}/${encodeURIComponent(meetingId)}`

export const fetchMeetings = (situationId: string): Promise<Meeting[]> => request<Meeting[]>('GET', base(situationId))
export const fetchMeeting = (situationId: string, meetingId: string): Promise<MeetingDetail> => request<MeetingDetail>('GET', one(situationId, meetingId))
export const createMeeting = (situationId: string, body: NewMeeting): Promise<Meeting> => request<Meeting>('POST', base(situationId), body)
export const startMeeting = (situationId: string, meetingId: string): Promise<Meeting> => request<Meeting>('POST', `${one(situationId, meetingId)}/start`, {})
export const recordAttendance = (situationId: string, meetingId: string, body: { memberId?: string; name?: string; mode: ManualMode }): Promise<Attendance> =>
  request<Attendance>('POST', `${one(situationId, meetingId)}/attendance`, body)
export const endMeeting = (situationId: string, meetingId: string, body: EndMeeting): Promise<Meeting> => request<Meeting>('POST', `${one(situationId, meetingId)}/end`, body)

/** `PUT …/minutes` (the shared request helper knows GET, POST and DELETE only). */
export async function amendMinutes(situationId: string, meetingId: string, body: { notes?: string; publish?: boolean }): Promise<Meeting> {
  const response = await fetch(`${one(situationId, meetingId)}/minutes`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new ApiError(response.status, response.statusText)
  return (await response.json()) as Meeting
}

/** The minutes in easy-to-read words, for the person (`…/easy`). */
export const fetchEasyMinutes = (situationId: string, meetingId: string): Promise<EasyMinutes> => request<EasyMinutes>('GET', `${one(situationId, meetingId)}/easy`)

export const minutesHtmlUrl = (situationId: string, meetingId: string): string => `${one(situationId, meetingId)}/minutes`
export const minutesPdfUrl = (situationId: string, meetingId: string): string => `${one(situationId, meetingId)}/minutes.pdf`

/** The minutes page as text, shown in a sandboxed frame (the server forbids framing its URL). */
export async function fetchMinutesHtml(situationId: string, meetingId: string): Promise<string> {
  const response = await fetch(minutesHtmlUrl(situationId, meetingId), { credentials: 'same-origin' })
  if (!response.ok) throw new ApiError(response.status, response.statusText)
  return response.text()
}

/** Every commitment statement of the situation, oldest first. */
export const fetchCommitments = (situationId: string): Promise<CommitmentStatement[]> =>
  request<CommitmentStatement[]>('GET', `/api/situations/${encodeURIComponent(situationId)}/commitments`)

/** A partner's commitment to an action they own (or, for a partner without an account, recorded by the coordinator). */
export const recordCommitment = (situationId: string, actionId: string, status: CommitmentStatement['status'], comment?: string): Promise<CommitmentStatement> =>
  request<CommitmentStatement>('POST', `/api/situations/${encodeURIComponent(situationId)}/actions/${encodeURIComponent(actionId)}/commitment`, {
    status,
    ...(comment ? { comment } : {}),
  })
