import { queryOptions } from '@tanstack/react-query'
import { request } from './http.ts'
import type { AuthProviders, Me } from '../../shared/api/me.ts'

export type { AuthProviders }

export const login = (email: string, password: string, personalDevice = false): Promise<Me> =>
  request<Me>('POST', '/api/auth/login', { email, password, personalDevice }, { quiet401: true })

export const logout = (): Promise<void> => request<void>('POST', '/api/auth/logout')

/** The logged-in user; rejects with ApiError(401) when logged out. */
export const fetchMe = (): Promise<Me> => request<Me>('GET', '/api/me', undefined, { quiet401: true })

export const fetchProviders = (): Promise<AuthProviders> => request<AuthProviders>('GET', '/api/auth/providers', undefined, { quiet401: true })

/** The sign-in methods, read by the login and invitation pages; they change only with the server's configuration. */
export const providersQuery = queryOptions({ queryKey: ['auth', 'providers'], queryFn: fetchProviders, staleTime: Infinity })
