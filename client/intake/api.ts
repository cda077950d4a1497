import { request } from '../api/http.ts'
import { queryOptions } from '@tanstack/react-query'
import type { AcceptedRequest, AcceptRequestBody, IntakeRequest, NewIntakeRequest, RedirectRequestBody, ServiceSummary } from '../../shared/api/intake.ts'

/**
 * Typed calls of the front door: support requests and the services that receive them. The circle's,
 * the audit trail's, the invitations' and the person's own calls are in client/api/ (circle.ts, audit.ts,
 * invitations.ts, my-data.ts), where every feature that shows them reads them.
 */

/** The wire types of the front door are declared once, in shared/api/intake.ts, where the server returns them. */
export type SupportRequest = IntakeRequest
export type NewSupportRequest = NewIntakeRequest
export type { ServiceSummary }

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
