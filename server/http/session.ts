// Sub-apps scope their middleware to their own paths: app.route() mounts a bare use() on every /api route.
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Sessions } from '../auth/sessions.ts'
import type { UserRows } from '../domain/stores.ts'
import { SESSION_COOKIE, type AppEnv } from './context.ts'
import { HttpError, unauthenticated } from './errors.ts'
import { setSessionCookie } from './session-cookie.ts'

export interface LoadSessionDeps {
  sessions: Sessions
  users: UserRows
  /**
   * Decides the Secure flag of a refreshed cookie behind an HTTPS proxy.
   * When the composition root does not pass it, PUBLIC_ORIGIN from the
   * environment is used, so a refresh never drops a Secure flag the login set.
   */
  publicOrigin?: string | null
}

/**
 * Resolves the session cookie to a user for every request; never refuses by
 * itself. When validating slid the session's expiry forward, the cookie is
 * sent again with a fresh Max-Age (Lucia's guide): otherwise the browser
 * drops an active session once the lifetime of the login cookie has passed.
 */
export const loadSession = ({ sessions, users, publicOrigin }: LoadSessionDeps): MiddlewareHandler<AppEnv> =>
  async function loadSession(c, next) {
    const token = getCookie(c, SESSION_COOKIE)
    const session = await validateOrUnavailable(c, sessions, token)
    const user = session ? await users.byId(session.userId) : undefined
    const active = Boolean(session && user && !user.deactivatedAt)
    if (active) {
      c.set('session', session)
      c.set('user', user!)
    } else {
      c.set('session', null)
      c.set('user', null)
    }
    await next()
    // After the route, so that a route which set or deleted the cookie itself
    // (login, logout, password change) keeps the last word; the header also
    // reaches a WebSocket upgrade's 101 response.
    if (active && session!.extended && token && !setsSessionCookie(c.res.headers)) {
      setSessionCookie(c, token, {
        inactivityTimeoutMs: sessions.inactivityTimeoutMs,
        sharedDevice: session!.sharedDevice ?? false,
        publicOrigin: publicOrigin === undefined ? (process.env.PUBLIC_ORIGIN ?? null) : publicOrigin,
      })
    }
  }

/** Seconds a client waits before retrying while the session store is unreachable. */
const RETRY_AFTER_SECONDS = 5

/**
 * The session behind a token. When the store cannot answer (PostgreSQL cut
 * in cluster mode, docs/decisions/018), the request is refused with a
 * retryable 503, as the documents' store does, rather than treated as
 * anonymous (the client would send its user to the login page) or failed
 * with a 500 that nginx and the sync provider do not retry.
 */
async function validateOrUnavailable(c: Context<AppEnv>, sessions: Sessions, token: string | undefined) {
  try {
    return await sessions.validate(token)
  } catch (error) {
    c.get('log')?.error('session store unavailable', { error: (error as Error).message })
    c.header('Retry-After', String(RETRY_AFTER_SECONDS))
    throw new HttpError(503, 'storage unavailable, try again shortly')
  }
}

const setsSessionCookie = (headers: Headers): boolean => headers.getSetCookie().some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))

/** Refuses with 401 when there is no valid session. */
export const requireUser: MiddlewareHandler<AppEnv> = async function requireUser(c, next) {
  if (!c.get('user')) throw unauthenticated()
  await next()
}
