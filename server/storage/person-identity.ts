import type { SqlDb } from './sql/schema.ts'
import type { PersonIdentity } from '../../shared/domain/intake.ts'

export interface IdentityRow {
  situationId: string
  data: PersonIdentity
  updatedAt: string
  updatedBy: string
}

/**
 * The person's identity (part 1 of the plan), one row per situation, kept as
 * JSON text; asynchronous on both engines (docs/decisions/018).
 * @example const identities = createIdentityRows(sql); await identities.get(situationId)
 */
export function createIdentityRows(sql: SqlDb) {
  return {
    async get(situationId: string): Promise<IdentityRow | undefined> {
      const raw = await sql
        .selectFrom('person_identity')
        .select(['situation_id as situationId', 'data', 'updated_at as updatedAt', 'updated_by as updatedBy'])
        .where('situation_id', '=', situationId)
        .executeTakeFirst()
      return raw && { ...raw, data: JSON.parse(raw.data) as PersonIdentity }
    },
    async put(row: IdentityRow): Promise<void> {
      await sql
        .insertInto('person_identity')
        .values({ situation_id: row.situationId, data: JSON.stringify(row.data), updated_at: row.updatedAt, updated_by: row.updatedBy })
        .onConflict((oc) =>
          oc.column('situation_id').doUpdateSet((eb) => ({
            data: eb.ref('excluded.data'),
            updated_at: eb.ref('excluded.updated_at'),
            updated_by: eb.ref('excluded.updated_by'),
          })),
        )
        .execute()
    },
  }
}
export type IdentityRows = ReturnType<typeof createIdentityRows>
