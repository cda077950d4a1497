import type { Db } from './db.ts'
import type { PersonIdentity } from '../../shared/domain/intake.ts'

export interface IdentityRow {
  situationId: string
  data: PersonIdentity
  updatedAt: string
  updatedBy: string
}

/** The person's identity (part 1 of the plan), one row per situation, kept as JSON. */
export function createIdentityRows(db: Db) {
  const get = db.prepare('SELECT situation_id AS situationId, data, updated_at AS updatedAt, updated_by AS updatedBy FROM person_identity WHERE situation_id = ?')
  const put = db.prepare(
    `INSERT INTO person_identity (situation_id, data, updated_at, updated_by) VALUES (@situationId, @data, @updatedAt, @updatedBy)
     ON CONFLICT (situation_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  )
  return {
    get(situationId: string): IdentityRow | undefined {
      const raw = get.get(situationId) as (Omit<IdentityRow, 'data'> & { data: string }) | undefined
      return raw && { ...raw, data: JSON.parse(raw.data) as PersonIdentity }
    },
    put: (row: IdentityRow) => void put.run({ ...row, data: JSON.stringify(row.data) }),
  }
}
export type IdentityRows = ReturnType<typeof createIdentityRows>
