/**
 * The signed-in account's wire types: `GET /api/me`, `/api/me/account`,
 * `/api/me/sessions`, `/api/auth/providers`. Declared once here; the server's
 * routes and use cases answer with them and the client reads them.
 */

/** `GET /api/me` and the answer to `POST /api/auth/login`. */
export interface Me {
  id: string
  name: string
  /** Null for an account known by its login only. */
  email: string | null
  /** The session was opened on a shared device (no offline copy, short idle time). */
  sharedDevice?: boolean
}

/** `GET /api/me/account`: what "Mon compte" shows. */
export interface AccountInfo {
  id: string
  name: string
  email: string | null
  login: string | null
  emailVerified: boolean
  hasPassword: boolean
  sharedDevice: boolean
  sso: { label: string; linked: boolean; linkedAt: string | null; rpps: string | null } | null
}

/** `GET /api/me/sessions`: one open session of the account (times in epoch milliseconds). */
export interface SessionInfo {
  id: string
  current: boolean
  createdAt: number
  lastActiveAt: number
  sharedDevice: boolean
  address: string | null
  userAgent: string | null
}

/** `GET /api/auth/providers`: how one may sign in on this server. */
export interface AuthProviders {
  password: boolean
  /** The single sign-on provider when the server has one (e.g. Pro Santé Connect). */
  oidc: { label: string; start: string } | null
}
