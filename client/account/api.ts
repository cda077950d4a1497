import { queryOptions } from '@tanstack/react-query'
import { ApiError, request } from '../api/http.ts'

import type { AccountInfo, SessionInfo } from '../../shared/api/me.ts'

export type { AccountInfo, SessionInfo }

export const fetchAccount = (): Promise<AccountInfo> => request<AccountInfo>('GET', '/api/me/account')
export const accountQuery = queryOptions({ queryKey: ['me', 'account'], queryFn: fetchAccount })
export async function saveName(name: string): Promise<{ name: string }> {
  // request() speaks GET/POST/DELETE only; the one PATCH of this page goes by fetch.
  const response = await fetch('/api/me/account', { method: 'PATCH', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) })
  if (!response.ok) throw new ApiError(response.status, 'name not saved')
  return (await response.json()) as { name: string }
}
export const changePassword = (currentPassword: string, newPassword: string): Promise<void> => request('POST', '/api/me/password', { currentPassword, newPassword })
export const requestEmailChange = (email: string, password: string): Promise<{ status: 'sent' | 'changed' }> => request('POST', '/api/me/email', { email, password })
export const fetchSessions = (): Promise<SessionInfo[]> => request<SessionInfo[]>('GET', '/api/me/sessions')
export const sessionsQuery = queryOptions({ queryKey: ['me', 'sessions'], queryFn: fetchSessions })
export const logoutEverywhere = (includingThis = false): Promise<void> => request('POST', '/api/me/sessions/logout-everywhere', { includingThis })
export const unlinkSignOn = (): Promise<void> => request('DELETE', '/api/me/sso')
/** A full-page navigation to the provider, back to `#/compte?sso=linked|taken|failed`. */
export const LINK_SIGN_ON_URL = '/api/auth/oidc/link'
