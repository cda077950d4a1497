import type { Logger } from '../log.ts'
import type { ValidSession } from '../auth/sessions.ts'
import type { UserRow } from '../domain/stores.ts'

/** Variables every request carries through the Hono context. */
export interface AppEnv {
  Variables: {
    requestId: string
    log: Logger
    session: ValidSession | null
    user: UserRow | null
    /** Set only with TRUST_PROXY=1, from X-Forwarded-For (see remote-address.ts). */
    clientAddress?: string
  }
}

export const SESSION_COOKIE = 'concerto_session'
