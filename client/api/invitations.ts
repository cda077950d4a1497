import { request } from './http.ts'
import type { InvitationInfo, OutboxMail, SituationLink } from '../../shared/api/invitations.ts'

export type { OutboxMail, SituationLink }

/** Rejects with ApiError(404|410) carrying the reason (`invalid`, `expired`, `used`, `revoked`). */
export const fetchInvitation = (token: string): Promise<InvitationInfo> => request<InvitationInfo>('GET', `/api/invitations/${encodeURIComponent(token)}`, undefined, { quiet401: true })

/** Accepted only as the address or login the invitation names: no e-mail or login in the body (issue 14). */
export const acceptInvitation = (token: string, body: { password: string; name?: string }): Promise<{ situationId: string }> =>
  request<{ situationId: string }>('POST', `/api/invitations/${encodeURIComponent(token)}/accept`, body, { quiet401: true })

export const listInvitations = (situationId: string): Promise<SituationLink[]> => request<SituationLink[]>('GET', `/api/situations/${encodeURIComponent(situationId)}/invitations`)
export const revokeInvitation = (situationId: string, invitationId: string): Promise<SituationLink> =>
  request<SituationLink>('POST', `/api/situations/${encodeURIComponent(situationId)}/invitations/${encodeURIComponent(invitationId)}/revoke`)
export const fetchOutbox = (situationId: string): Promise<OutboxMail[]> => request<OutboxMail[]>('GET', `/api/situations/${encodeURIComponent(situationId)}/outbox`)
