import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { fetchMe, login as apiLogin, logout as apiLogout } from '../api/auth.ts'
import { ApiError, onUnauthenticated } from '../api/http.ts'
import { clearLocalCopies, keepsHealthCopies, setLocalCopyPolicy } from '../collab/local-copies.ts'
import type { Me } from '../../shared/api/me.ts'

type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'error' } | { status: 'authenticated'; me: Me }
type KnownSession = Exclude<SessionState, { status: 'loading' }>

interface SessionValue {
  state: SessionState
  /** `personalDevice`: the user ticked "Cet appareil est personnel" (else a shared device: no offline copy). */
  login(email: string, password: string, personalDevice?: boolean): Promise<void>
  logout(): Promise<void>
  /** Re-asks the server (after a socket refusal, to tell "logged out" from "network down"). */
  refresh(): Promise<SessionState>
  /** Marks the session as ended (a 401 or a 4401 seen elsewhere). */
  expire(): void
}

/** The session is the `GET /api/me` query: one key, read by the provider, written by login, logout and expiry. */
export const SESSION_KEY = ['me'] as const

const SessionContext = createContext<SessionValue | null>(null)

/** Where offline copies may be kept follows the session's device kind, known before any document opens. */
function applyDevicePolicy(me: Me): void {
  setLocalCopyPolicy({ sharedDevice: me.sharedDevice ?? true, keepHealth: keepsHealthCopies(me.id) })
}

/** Never rejects: "logged out" and "server unreachable" are both answers the shell shows. */
async function probe(): Promise<KnownSession> {
  try {
    const me = await fetchMe()
    applyDevicePolicy(me)
    return { status: 'authenticated', me }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      void clearLocalCopies()
      return { status: 'anonymous' }
    }
    return { status: 'error' }
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  // Read once and then only on demand (refresh, login, logout, a 401): a focus re-read that met a
  // network blip would swap the open page for the error screen.
  const session = useQuery({ queryKey: SESSION_KEY, queryFn: probe, staleTime: Infinity, refetchOnWindowFocus: false, retry: false })
  const state: SessionState = useMemo(() => session.data ?? { status: 'loading' }, [session.data])

  /**
   * Another account's records must not show from the cache: when the session ends or changes
   * account (an invitation accepted as someone else), every other query goes with it.
   */
  const settle = useCallback(
    (next: KnownSession) => {
      const before = queryClient.getQueryData<KnownSession>(SESSION_KEY)
      const sameAccount = before?.status === 'authenticated' && next.status === 'authenticated' && before.me.id === next.me.id
      if (!sameAccount) queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] || query.queryKey.length > 1 })
      queryClient.setQueryData(SESSION_KEY, next)
    },
    [queryClient],
  )

  const refresh = useCallback(async (): Promise<SessionState> => {
    const next = await probe()
    settle(next)
    return next
  }, [settle])

  const expire = useCallback(() => {
    settle({ status: 'anonymous' })
    void clearLocalCopies()
  }, [settle])
  useEffect(() => onUnauthenticated(expire), [expire])

  const login = useCallback(
    async (email: string, password: string, personalDevice = false) => {
      const me = await apiLogin(email, password, personalDevice)
      applyDevicePolicy(me)
      settle({ status: 'authenticated', me })
    },
    [settle],
  )

  const logout = useCallback(async () => {
    try {
      await apiLogout()
    } finally {
      settle({ status: 'anonymous' })
      // No one's documents stay on a shared computer after logout.
      await clearLocalCopies()
    }
  }, [settle])

  // On a shared device the server ends a session after 15 minutes without a
  // request; typing into a live document sends none, so activity on the page
  // slides the session (at most every 2 minutes). A 401 here is the end.
  const sharedDevice = state.status === 'authenticated' && (state.me.sharedDevice ?? false)
  useEffect(() => {
    if (!sharedDevice) return
    let last = Date.now()
    const onActivity = () => {
      if (Date.now() - last < 120_000) return
      last = Date.now()
      fetchMe().catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) expire()
      })
    }
    window.addEventListener('keydown', onActivity)
    window.addEventListener('pointerdown', onActivity)
    return () => {
      window.removeEventListener('keydown', onActivity)
      window.removeEventListener('pointerdown', onActivity)
    }
  }, [sharedDevice, expire])

  const value = useMemo(() => ({ state, login, logout, refresh, expire }), [state, login, logout, refresh, expire])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside SessionProvider')
  return value
}

/** The logged-in user; only valid below the authenticated shell. */
export function useMe(): Me {
  const { state } = useSession()
  if (state.status !== 'authenticated') throw new Error('useMe without a session')
  return state.me
}
