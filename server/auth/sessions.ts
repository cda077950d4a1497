import type { SessionRows } from '../storage/sessions.ts'
import { newToken, secretMatches, splitToken } from './tokens.ts'

/**
 * Sessions as Lucia's current guide describes them: the token is
 * `<id>.<secret>`, only SHA-256(secret) is stored, the secret is compared in
 * constant time, and expiry slides with activity.
 */
export interface SessionOptions {
  /** A session unused for this long expires. */
  inactivityTimeoutMs?: number
  /** Activity is written back at most this often (not on every request). */
  activityCheckIntervalMs?: number
  now?: () => number
}

export interface ValidSession {
  id: string
  userId: string
  /** Epoch milliseconds. */
  createdAt: number
  /**
   * True when this validation slid the expiry forward: the caller must send
   * the cookie again with a fresh lifetime, or the browser drops a session
   * the server still keeps once the first lifetime has passed.
   */
  extended?: boolean
}

/** @example const sessions = createSessions(rows); const { token } = sessions.create(userId) */
export function createSessions(
  rows: SessionRows,
  {
    inactivityTimeoutMs = 7 * 24 * 3600_000,
    activityCheckIntervalMs = 3600_000,
    now = Date.now,
  }: SessionOptions = {},
) {
  return {
    create(userId: string): { token: string; session: ValidSession } {
      const { id, token, hash } = newToken()
      const at = now()
      rows.insert({ id, secretHash: hash, userId, createdAt: at, lastVerifiedAt: at })
      return { token, session: { id, userId, createdAt: at } }
    },

    /** The session a token stands for, or null; refreshes its expiry as a side effect. */
    validate(token: string | undefined | null): ValidSession | null {
      const parsed = splitToken(token)
      if (!parsed) return null
      const row = rows.byId(parsed.id)
      if (!row || !secretMatches(parsed.secret, row.secretHash)) return null
      const id = row.id
      const at = now()
      if (at - row.lastVerifiedAt >= inactivityTimeoutMs) {
        rows.remove(id)
        return null
      }
      const extended = at - row.lastVerifiedAt >= activityCheckIntervalMs
      if (extended) rows.touch(id, at)
      return { id: row.id, userId: row.userId, createdAt: row.createdAt, extended }
    },

    invalidate(sessionId: string): void {
      rows.remove(sessionId)
    },

    invalidateAllForUser(userId: string): void {
      rows.removeForUser(userId)
    },

    inactivityTimeoutMs,
  }
}
export type Sessions = ReturnType<typeof createSessions>
