import type { SessionRows } from '../storage/sessions.ts'
import { newToken, secretMatches, splitToken } from './tokens.ts'

/**
 * Sessions as Lucia's current guide describes them: the token is
 * `<id>.<secret>`, only SHA-256(secret) is stored, the secret is compared in
 * constant time, and expiry slides with activity. A session opened on a
 * shared device (issue 14) expires after a short idle time and its cookie
 * ends with the browser.
 */
export interface SessionOptions {
  /** A session unused for this long expires. */
  inactivityTimeoutMs?: number
  /** The same on a shared device (default 15 minutes). */
  sharedInactivityTimeoutMs?: number
  /** Activity is written back at most this often (not on every request). */
  activityCheckIntervalMs?: number
  now?: () => number
}

export interface ValidSession {
  id: string
  userId: string
  /** Epoch milliseconds. */
  createdAt: number
  sharedDevice?: boolean
  /**
   * True when this validation slid the expiry forward: the caller must send
   * the cookie again with a fresh lifetime, or the browser drops a session
   * the server still keeps once the first lifetime has passed.
   */
  extended?: boolean
}

export interface NewSession {
  /** True unless the user said the device is personal. */
  sharedDevice?: boolean
  address?: string | null
  userAgent?: string | null
}

/**
 * Every method is asynchronous: the rows may live in PostgreSQL, shared by
 * every node of a cluster (docs/decisions/018).
 * @example const sessions = createSessions(rows); const { token } = await sessions.create(userId)
 */
export function createSessions(
  rows: SessionRows,
  {
    inactivityTimeoutMs = 7 * 24 * 3600_000,
    sharedInactivityTimeoutMs = 15 * 60_000,
    activityCheckIntervalMs = 3600_000,
    now = Date.now,
  }: SessionOptions = {},
) {
  // On a shared device activity is written back often enough for a 15-minute idle limit to be exact to a minute.
  const sharedCheckIntervalMs = Math.min(activityCheckIntervalMs, 60_000)
  return {
    async create(userId: string, { sharedDevice = false, address = null, userAgent = null }: NewSession = {}): Promise<{ token: string; session: ValidSession }> {
      const { id, token, hash } = newToken()
      const at = now()
      await rows.insert({ id, secretHash: hash, userId, createdAt: at, lastVerifiedAt: at, sharedDevice, address, userAgent: userAgent?.slice(0, 300) ?? null })
      return { token, session: { id, userId, createdAt: at, sharedDevice } }
    },

    /** The session a token stands for, or null; refreshes its expiry as a side effect. */
    async validate(token: string | undefined | null): Promise<ValidSession | null> {
      const parsed = splitToken(token)
      if (!parsed) return null
      const row = await rows.byId(parsed.id)
      if (!row || !secretMatches(parsed.secret, row.secretHash)) return null
      const id = row.id
      const at = now()
      const timeout = row.sharedDevice ? sharedInactivityTimeoutMs : inactivityTimeoutMs
      if (at - row.lastVerifiedAt >= timeout) {
        await rows.remove(id)
        return null
      }
      const extended = at - row.lastVerifiedAt >= (row.sharedDevice ? sharedCheckIntervalMs : activityCheckIntervalMs)
      if (extended) await rows.touch(id, at)
      return { id: row.id, userId: row.userId, createdAt: row.createdAt, sharedDevice: row.sharedDevice, extended }
    },

    /** Whether the session was not ended (logout, reset, deactivation): a cluster node's re-check of its sockets; nothing slides. */
    async exists(sessionId: string): Promise<boolean> {
      return (await rows.byId(sessionId)) !== undefined
    },

    async invalidate(sessionId: string): Promise<void> {
      await rows.remove(sessionId)
    },

    async invalidateAllForUser(userId: string): Promise<void> {
      await rows.removeForUser(userId)
    },

    /** "Se déconnecter partout" but here: every other session of the account ends. */
    async invalidateOthers(userId: string, keepSessionId: string): Promise<void> {
      await rows.removeOthersOfUser(userId, keepSessionId)
    },

    /** The account's live sessions, newest activity first, for the account page. */
    async list(userId: string) {
      const at = now()
      return (await rows.forUser(userId))
        .filter((row) => at - row.lastVerifiedAt < (row.sharedDevice ? sharedInactivityTimeoutMs : inactivityTimeoutMs))
        .map((row) => ({ id: row.id, createdAt: row.createdAt, lastActiveAt: row.lastVerifiedAt, sharedDevice: row.sharedDevice, address: row.address, userAgent: row.userAgent }))
    },

    inactivityTimeoutMs,
    sharedInactivityTimeoutMs,
  }
}
export type Sessions = ReturnType<typeof createSessions>
