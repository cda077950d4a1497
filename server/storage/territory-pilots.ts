import type { Db } from './db.ts'

/** The account-level `pilot` right: one row per (account, département). */
export function createPilotRightRows(db: Db) {
  const grant = db.prepare(
    'INSERT OR IGNORE INTO pilot_rights (user_id, departement, granted_at, granted_by) VALUES (?, ?, ?, ?)',
  )
  const revoke = db.prepare('DELETE FROM pilot_rights WHERE user_id = ? AND departement = ?')
  const ofUser = db.prepare('SELECT departement FROM pilot_rights WHERE user_id = ? ORDER BY departement').pluck()
  const has = db.prepare('SELECT 1 FROM pilot_rights WHERE user_id = ? AND departement = ?').pluck()
  return {
    grant: (userId: string, departement: string, grantedBy: string | null, at = new Date()) =>
      void grant.run(userId, departement, at.toISOString(), grantedBy),
    revoke: (userId: string, departement: string) => void revoke.run(userId, departement),
    departementsOf: (userId: string) => ofUser.all(userId) as string[],
    has: (userId: string, departement: string) => has.get(userId, departement) === 1,
  }
}
export type PilotRightRows = ReturnType<typeof createPilotRightRows>
