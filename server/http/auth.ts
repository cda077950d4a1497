import { Hono } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { z } from 'zod'
import type { Sessions } from '../auth/sessions.ts'
import { dummyPasswordHash, verifyPassword } from '../auth/passwords.ts'
import type { FailureLimiter } from '../auth/rate-limit.ts'
import type { UserRows } from '../storage/users.ts'
import { readJson } from './body.ts'
import { SESSION_COOKIE, type AppEnv } from './context.ts'
import { HttpError } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { setSessionCookie } from './session-cookie.ts'

const loginBody = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
})

export interface AuthRoutesDeps {
  users: UserRows
  sessions: Sessions
  accountLimiter: FailureLimiter
  addressLimiter: FailureLimiter
  publicOrigin: string | null
  onLogin?: (event: { userId: string; address: string }) => void
  onLogout?: (event: { userId: string; sessionId: string; address: string }) => void
}

/** Login, logout and "who am I". A wrong password and an unknown account answer the same way. */
export function authRoutes({ users, sessions, accountLimiter, addressLimiter, publicOrigin, onLogin, onLogout }: AuthRoutesDeps) {
  return new Hono<AppEnv>()
    .post('/auth/login', async (c) => {
      const { email, password } = await readJson(c, loginBody)
      const address = remoteAddress(c)
      const accountKey = email.toLowerCase()
      if (accountLimiter.isBlocked(accountKey) || addressLimiter.isBlocked(address)) {
        const retryAfter = Math.max(accountLimiter.retryAfterSeconds(accountKey), addressLimiter.retryAfterSeconds(address))
        c.header('Retry-After', String(retryAfter))
        throw new HttpError(429, 'too many failed attempts, try again later')
      }
      const user = users.byIdentifier(email)
      const usable = user && !user.deactivatedAt && user.passwordHash
      const ok = await verifyPassword(usable ? user.passwordHash! : await dummyPasswordHash(), password)
      if (!usable || !ok) {
        accountLimiter.recordFailure(accountKey)
        addressLimiter.recordFailure(address)
        c.get('log').info('login failed', { address })
        throw new HttpError(401, 'wrong e-mail or password')
      }
      accountLimiter.reset(accountKey)
      const { token } = sessions.create(user.id)
      setSessionCookie(c, token, { inactivityTimeoutMs: sessions.inactivityTimeoutMs, publicOrigin })
      onLogin?.({ userId: user.id, address })
      return c.json({ id: user.id, name: user.name, email: user.email })
    })
    .post('/auth/logout', (c) => {
      const session = c.get('session')
      if (session) {
        sessions.invalidate(session.id)
        onLogout?.({ userId: session.userId, sessionId: session.id, address: remoteAddress(c) })
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.body(null, 204)
    })
    .get('/me', (c) => {
      const user = c.get('user')
      if (!user) throw new HttpError(401, 'authentication required')
      return c.json({ id: user.id, name: user.name, email: user.email })
    })
}
