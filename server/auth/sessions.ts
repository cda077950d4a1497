import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { randomBytes } from 'node:crypto'
import type { SessionRows } from '../storage/sessions.ts'

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
}

const randomString = (): string => encodeBase32LowerCaseNoPadding(randomBytes(24))
const hashSecret = (secret: string): Uint8Array => sha256(new TextEncoder().encode(secret))

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
      const id = randomString()
      const secret = randomString()
      const at = now()
      rows.insert({ id, secretHash: hashSecret(secret), userId, createdAt: at, lastVerifiedAt: at })
      return { token: `${id}.${secret}`, session: { id, userId } }
    },

    /** The session a token stands for, or null; refreshes its expiry as a side effect. */
    validate(token: string | undefined | null): ValidSession | null {
      if (!token) return null
      const parts = token.split('.')
      if (parts.length !== 2) return null
      const [id, secret] = parts as [string, string]
      if (!id || !secret || id.length > 64 || secret.length > 64) return null
      const row = rows.byId(id)
      if (!row) return null
      if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null
      const at = now()
      if (at - row.lastVerifiedAt >= inactivityTimeoutMs) {
        rows.remove(id)
        return null
      }
      if (at - row.lastVerifiedAt >= activityCheckIntervalMs) rows.touch(id, at)
      return { id: row.id, userId: row.userId }
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
