import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { fetchMe, login as apiLogin, logout as apiLogout } from '../api/auth.ts'
import { ApiError, onUnauthenticated } from '../api/http.ts'
import { clearLocalCopies, keepsHealthCopies, setLocalCopyPolicy } from '../collab/local-copies.ts'
import type { Me } from '../api/types.ts'

type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'error' } | { status: 'authenticated'; me: Me }

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

const SessionContext = createContext<SessionValue | null>(null)

/** Where offline copies may be kept follows the session's device kind, known before any document opens. */
function applyDevicePolicy(me: Me): void {
  setLocalCopyPolicy({ sharedDevice: me.sharedDevice ?? true, keepHealth: keepsHealthCopies(me.id) })
}

async function probe(): Promise<SessionState> {
  try {
    const me = await fetchMe()
    applyDevicePolicy(me)
    return { status: 'authenticated', me }
  } catch (error) {
    return error instanceof ApiError && error.status === 401 ? { status: 'anonymous' } : { status: 'error' }
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })

  const refresh = useCallback(async () => {
    const next = await probe()
    setState(next)
    if (next.status === 'anonymous') void clearLocalCopies()
    return next
  }, [])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const expire = useCallback(() => {
    setState({ status: 'anonymous' })
    void clearLocalCopies()
  }, [])
  useEffect(() => onUnauthenticated(expire), [expire])

  const login = useCallback(async (email: string, password: string, personalDevice = false) => {
    const me = await apiLogin(email, password, personalDevice)
    applyDevicePolicy(me)
    setState({ status: 'authenticated', me })
  }, [])

  const logout = useCallback(async () => {
    try {
      await apiLogout()
    } finally {
      setState({ status: 'anonymous' })
      // No one's documents stay on a shared computer after logout.
      await clearLocalCopies()
    }
  }, [])

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
