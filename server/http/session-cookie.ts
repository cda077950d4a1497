import type { Context } from 'hono'
import { setCookie } from 'hono/cookie'
import { SESSION_COOKIE } from './context.ts'

export interface SessionCookieOptions {
  /** How long an unused session lives; the cookie lives exactly as long. */
  inactivityTimeoutMs: number
  publicOrigin: string | null
  /** On a shared device the cookie has no Max-Age: it ends when the browser closes. */
  sharedDevice?: boolean
}

/**
 * The one place the session cookie is written, at login and each time the
 * session's expiry slides: HttpOnly, SameSite=Lax, Secure on HTTPS, and a
 * Max-Age counted from now, so the browser keeps the cookie exactly as long
 * as the server keeps the session; no Max-Age on a shared device.
 */
export function setSessionCookie(c: Context, token: string, { inactivityTimeoutMs, publicOrigin, sharedDevice = false }: SessionCookieOptions): void {
  const secure = new URL(c.req.url).protocol === 'https:' || (publicOrigin?.startsWith('https:') ?? false)
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    ...(sharedDevice ? {} : { maxAge: Math.floor(inactivityTimeoutMs / 1000) }),
  })
}
