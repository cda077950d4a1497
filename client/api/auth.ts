import { request } from './http.ts'
import type { Me } from './types.ts'

export const login = (email: string, password: string): Promise<Me> =>
  request<Me>('POST', '/api/auth/login', { email, password }, { quiet401: true })

export const logout = (): Promise<void> => request<void>('POST', '/api/auth/logout')

/** The logged-in user; rejects with ApiError(401) when logged out. */
export const fetchMe = (): Promise<Me> => request<Me>('GET', '/api/me', undefined, { quiet401: true })
