import { ApiError, request } from '../api/http.ts'
import type { Member } from '../api/types.ts'
import { queryOptions } from '@tanstack/react-query'
import type { Role, Sector } from '../../shared/domain/roles.ts'
import type { PersonIdentity } from '../../shared/domain/intake.ts'
import type { AcceptedRequest, AcceptRequestBody, IntakeRequest, NewIntakeRequest, RedirectRequestBody, ServiceSummary } from '../../shared/api/intake.ts'

/** Typed calls of the front door: requests, identity, level, circle, invitations, outbox, audit trail, the person's data. */

/** The wire types of the front door are declared once, in shared/api/intake.ts, where the server returns them. */
export type SupportRequest = IntakeRequest
export type NewSupportRequest = NewIntakeRequest
export type { ServiceSummary }

/** PUT and PATCH, which the shared `request` helper does not send. */
async function send<T>(method: 'PUT' | 'PATCH', path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method, credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!response.ok) {
    let message = response.statusText
    try {
      message = ((await response.json()) as { error?: string }).error ?? message
    } catch {
      // not JSON
    }
    throw new ApiError(response.status, message)
  }
  return (await response.json()) as T
}

const situation = (id: string) => `/api/situations/${encodeURIComponent(id)}`

export const fetchRequests = () => request<SupportRequest[]>('GET', '/api/requests')
export const fetchRequest = (id: string) => request<SupportRequest>('GET', `/api/requests/${encodeURIComponent(id)}`)
export const fetchServices = () => request<ServiceSummary[]>('GET', '/api/services')
export const createRequest = (body: NewSupportRequest) => request<SupportRequest>('POST', '/api/requests', body)
export const acceptRequest = (id: string, body: AcceptRequestBody) => request<AcceptedRequest>('POST', `/api/requests/${encodeURIComponent(id)}/accept`, body)
export const redirectRequest = (id: string, body: RedirectRequestBody) => request<SupportRequest>('POST', `/api/requests/${encodeURIComponent(id)}/redirect`, body)
export const answerRequest = (id: string, body: { answer: string }) => request<SupportRequest>('POST', `/api/requests/${encodeURIComponent(id)}/answer`, body)

/** The intake's reads (decision 015): keyed like their URLs; a decision or a new request invalidates `['requests']`. */
export const requestsQuery = queryOptions({ queryKey: ['requests'], queryFn: fetchRequests })
export const requestQuery = (id: string) => queryOptions({ queryKey: ['requests', id], queryFn: () => fetchRequest(id) })
export const servicesQuery = queryOptions({ queryKey: ['services'], queryFn: fetchServices, staleTime: 5 * 60_000 })

export const fetchIdentity = (id: string) => request<{ identity: PersonIdentity; updatedAt: string | null }>('GET', `${situation(id)}/identity`)
export const saveIdentity = (id: string, identity: PersonIdentity) => send<{ identity: PersonIdentity }>('PUT', `${situation(id)}/identity`, identity)
export const saveLevel = (id: string, level: number | null) => request('POST', `${situation(id)}/level`, { level })

export interface MemberInput {
  name: string
  role: Exclude<Role, 'coordinator'>
  sector: Sector | null
  organisation: string
  mission: string
  contact: string
  careTeam?: boolean
  email?: string
}
export const fetchMembers = (id: string) => request<Member[]>('GET', `${situation(id)}/members`)
export const addMember = (id: string, body: MemberInput) => request<Member | { status: 'sent'; email: string }>('POST', `${situation(id)}/members`, body)
export const updateMember = (id: string, memberId: string, patch: Partial<MemberInput>) => send<Member>('PATCH', `${situation(id)}/members/${encodeURIComponent(memberId)}`, patch)
export const removeMember = (id: string, memberId: string) => request<void>('DELETE', `${situation(id)}/members/${encodeURIComponent(memberId)}`)
export const handOver = (id: string, memberId: string) => request<Member>('POST', `${situation(id)}/handover`, { memberId })
export const closeSituation = (id: string, reason: string) => request('POST', `${situation(id)}/close`, { reason })
export const reopenSituation = (id: string) => request('POST', `${situation(id)}/reopen`, {})
export const setPlanVisibility = (id: string, memberId: string, hidden: boolean) => request<Member>('POST', `${situation(id)}/members/${encodeURIComponent(memberId)}/plan-visibility`, { hidden })

export interface Invitation {
  id: string
  role: Role
  name: string
  email: string | null
  login: string | null
  state: string
  createdAt: string
  expiresAt: string
}
export const fetchInvitations = (id: string) => request<Invitation[]>('GET', `${situation(id)}/invitations`)
export const revokeInvitation = (id: string, invitationId: string) => request('POST', `${situation(id)}/invitations/${encodeURIComponent(invitationId)}/revoke`, {})

export interface OutboxMail {
  id: string
  createdAt: string
  kind: string
  to: string
  subject: string
  link: string | null
}
export const fetchOutbox = (id: string) => request<OutboxMail[]>('GET', `${situation(id)}/outbox`)

export interface AuditEntry {
  id: number
  at: string
  userId: string | null
  name: string
  action: string
  kind: string
  part: string | null
  target: string | null
}
export const auditQuery = (filter: { member: string; part: string; kind: string }) =>
  new URLSearchParams(Object.entries(filter).filter(([, value]) => value)).toString()
export const fetchAuditTrail = (id: string, filter: { member: string; part: string; kind: string }) =>
  request<AuditEntry[]>('GET', `${situation(id)}/audit-trail?${auditQuery(filter)}`)
export const auditCsvHref = (id: string, filter: { member: string; part: string; kind: string }) => `${situation(id)}/audit-trail.csv?${auditQuery(filter)}`

export interface AccessEntry {
  at: string
  userId: string | null
  name: string
  role: Role | null
  organisation: string
  opened: string
  mode: string | null
}
export const fetchAccessLog = (id: string) => request<AccessEntry[]>('GET', `${situation(id)}/access-log`)
export const myDataHref = (id: string, format: 'json' | 'pdf') => `${situation(id)}/my-data.${format}`
