import type { Db } from './db.ts'

/** Each user's choices about reminders; no row means the defaults (daily digest on). */
export function createUserPreferenceRows(db: Db) {
  const get = db.prepare('SELECT digest FROM user_preferences WHERE user_id = ?').pluck()
  const set = db.prepare(
    `INSERT INTO user_preferences (user_id, digest, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest, updated_at = excluded.updated_at`,
  )
  return {
    digest: (userId: string): boolean => (get.get(userId) as number | undefined) !== 0,
    setDigest: (userId: string, on: boolean, at: string) => void set.run(userId, on ? 1 : 0, at),
  }
}
export type UserPreferenceRows = ReturnType<typeof createUserPreferenceRows>
