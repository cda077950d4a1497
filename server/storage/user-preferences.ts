import type { SqlDb } from './sql/schema.ts'

/**
 * Each user's choices about reminders, asynchronous on both engines
 * (docs/decisions/018); no row means the defaults (daily digest on).
 * @example const preferences = createUserPreferenceRows(sql); await preferences.digest(userId)
 */
export function createUserPreferenceRows(sql: SqlDb) {
  return {
    async digest(userId: string): Promise<boolean> {
      const row = await sql.selectFrom('user_preferences').select('digest').where('user_id', '=', userId).executeTakeFirst()
      return row?.digest !== 0
    },
    async setDigest(userId: string, on: boolean, at: string): Promise<void> {
      await sql
        .insertInto('user_preferences')
        .values({ user_id: userId, digest: on ? 1 : 0, updated_at: at })
        .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({ digest: eb.ref('excluded.digest'), updated_at: eb.ref('excluded.updated_at') })))
        .execute()
    },
  }
}
export type UserPreferenceRows = ReturnType<typeof createUserPreferenceRows>
