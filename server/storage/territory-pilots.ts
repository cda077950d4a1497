import type { SqlDb } from './sql/schema.ts'

/**
 * The account-level `pilot` right: one row per (account, département);
 * asynchronous on both engines (docs/decisions/018).
 * @example const pilots = createPilotRightRows(sql); await pilots.has(userId, '69')
 */
export function createPilotRightRows(sql: SqlDb) {
  return {
    /** Granting a right already held changes nothing (the first grant's date and author stay). */
    async grant(userId: string, departement: string, grantedBy: string | null, at = new Date()): Promise<void> {
      await sql
        .insertInto('pilot_rights')
        .values({ user_id: userId, departement, granted_at: at.toISOString(), granted_by: grantedBy })
        .onConflict((oc) => oc.columns(['user_id', 'departement']).doNothing())
        .execute()
    },
    async revoke(userId: string, departement: string): Promise<void> {
      await sql.deleteFrom('pilot_rights').where('user_id', '=', userId).where('departement', '=', departement).execute()
    },
    async departementsOf(userId: string): Promise<string[]> {
      const rows = await sql.selectFrom('pilot_rights').select('departement').where('user_id', '=', userId).orderBy('departement').execute()
      return rows.map((row) => row.departement)
    },
    async has(userId: string, departement: string): Promise<boolean> {
      const row = await sql.selectFrom('pilot_rights').select('user_id').where('user_id', '=', userId).where('departement', '=', departement).executeTakeFirst()
      return row !== undefined
    },
  }
}
export type PilotRightRows = ReturnType<typeof createPilotRightRows>
