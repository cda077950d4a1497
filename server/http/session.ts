// Sub-apps scope their middleware to their own paths: app.route() mounts a bare use() on every /api route.
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Sessions } from '../auth/sessions.ts'
import type { UserRows } from '../storage/users.ts'
import { SESSION_COOKIE, type AppEnv } from './context.ts'
import { unauthenticated } from './errors.ts'

/** Resolves the session cookie to a user for every request; never refuses by itself. */
export const loadSession = ({ sessions, users }: { sessions: Sessions; users: UserRows }): MiddlewareHandler<AppEnv> =>
  async function loadSession(c, next) {
    const session = sessions.validate(getCookie(c, SESSION_COOKIE))
    const user = session ? users.byId(session.userId) : undefined
    if (session && user && !user.deactivatedAt) {
      c.set('session', session)
      c.set('user', user)
    } else {
      c.set('session', null)
      c.set('user', null)
    }
    await next()
  }

/** Refuses with 401 when there is no valid session. */
export const requireUser: MiddlewareHandler<AppEnv> = async function requireUser(c, next) {
  if (!c.get('user')) throw unauthenticated()
  await next()
}
