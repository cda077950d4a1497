import { request } from './http.ts'
import type { InvitationInfo } from './types.ts'

/** Rejects with ApiError(404|410) carrying the reason (`invalid`, `expired`, `used`). */
export const fetchInvitation = (token: string): Promise<InvitationInfo> => request<InvitationInfo>('GET', `/api/invitations/${encodeURIComponent(token)}`, undefined, { quiet401: true })

export const acceptInvitation = (token: string, body: { password: string; login?: string; email?: string; name?: string }): Promise<{ situationId: string }> =>
  request<{ situationId: string }>('POST', `/api/invitations/${encodeURIComponent(token)}/accept`, body, { quiet401: true })
