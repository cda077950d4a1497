import { request } from './http.ts'
import type { InvitationInfo } from './types.ts'

/** Rejects with ApiError(404|410) carrying the reason (`invalid`, `expired`, `used`, `revoked`). */
export const fetchInvitation = (token: string): Promise<InvitationInfo> => request<InvitationInfo>('GET', `/api/invitations/${encodeURIComponent(token)}`, undefined, { quiet401: true })

/** Accepted only as the address or login the invitation names: no e-mail or login in the body (issue 14). */
export const acceptInvitation = (token: string, body: { password: string; name?: string }): Promise<{ situationId: string }> =>
  request<{ situationId: string }>('POST', `/api/invitations/${encodeURIComponent(token)}/accept`, body, { quiet401: true })
