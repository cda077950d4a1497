import { Hono } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { z } from 'zod'
import type { Sessions } from '../auth/sessions.ts'
import { dummyPasswordHash, verifyPassword } from '../auth/passwords.ts'
import type { LoginThrottle } from '../auth/rate-limit.ts'
import type { UserRows } from '../domain/stores.ts'
import { readJson } from './body.ts'
import { SESSION_COOKIE, type AppEnv } from './context.ts'
import { HttpError } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { setSessionCookie } from './session-cookie.ts'
import type { AuthProviders, Me } from '../../shared/api/me.ts'

const loginBody = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
  /** "Cet appareil est personnel": unchecked (the default) means a shared device. */
  personalDevice: z.boolean().optional(),
})

export interface AuthRoutesDeps {
  users: UserRows
  sessions: Sessions
  throttle: LoginThrottle
  publicOrigin: string | null
  /** The sign-on provider's button label when one is configured. */
  oidcLabel?: string | null
  onLogin?: (event: { userId: string; address: string }) => void
  onLogout?: (event: { userId: string; sessionId: string; address: string }) => void
}

/** Login, logout and "who am I". A wrong password and an unknown account answer the same way. */
export function authRoutes({ users, sessions, throttle, publicOrigin, oidcLabel = null, onLogin, onLogout }: AuthRoutesDeps) {
  return new Hono<AppEnv>()
    .get('/auth/providers', (c) => c.json({ password: true, oidc: oidcLabel ? { label: oidcLabel, start: '/api/auth/oidc/start' } : null } satisfies AuthProviders))
    .post('/auth/login', async (c) => {
      const { email, password, personalDevice = false } = await readJson(c, loginBody)
      const address = remoteAddress(c)
      // Throttled per (account, address) pair: an attacker elsewhere never locks the owner out.
      const wait = throttle.waitSeconds(email, address)
      if (wait > 0) {
        c.header('Retry-After', String(wait))
        throw new HttpError(429, 'too many failed attempts, try again later')
      }
      const user = await users.byIdentifier(email)
      const usable = user && !user.deactivatedAt && user.passwordHash
      const ok = await verifyPassword(usable ? user.passwordHash! : await dummyPasswordHash(), password)
      if (!usable || !ok) {
        throttle.recordFailure(email, address)
        c.get('log').info('login failed', { address })
        throw new HttpError(401, 'wrong e-mail or password')
      }
      throttle.reset(email, address)
      const { token } = await sessions.create(user.id, { sharedDevice: !personalDevice, address, userAgent: c.req.header('user-agent') ?? null })
      setSessionCookie(c, token, { inactivityTimeoutMs: sessions.inactivityTimeoutMs, publicOrigin, sharedDevice: !personalDevice })
      onLogin?.({ userId: user.id, address })
      return c.json({ id: user.id, name: user.name, email: user.email, sharedDevice: !personalDevice })
    })
    .post('/auth/logout', async (c) => {
      const session = c.get('session')
      if (session) {
        await sessions.invalidate(session.id)
        onLogout?.({ userId: session.userId, sessionId: session.id, address: remoteAddress(c) })
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.body(null, 204)
    })
    .get('/me', (c) => {
      const user = c.get('user')
      if (!user) throw new HttpError(401, 'authentication required')
      return c.json({ id: user.id, name: user.name, email: user.email, sharedDevice: c.get('session')?.sharedDevice ?? false } satisfies Me)
    })
}
