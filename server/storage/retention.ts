import { sql as query } from 'kysely'
import type { SqlDb } from './sql/schema.ts'
import type { PlanKind } from '../../shared/domain/roles.ts'

/** Tables that keep their rows when a situation is erased: the row itself (anonymised), the memberships of accounts, the audit trail. */
const KEPT = new Set(['situations', 'members', 'audit_events'])
/**
 * Tables that carry a situation but are not the data layer's to erase: the
 * document log, its snapshots and its quarantine belong to the document
 * store (with STORE=postgres, the cluster's tables, which carry the
 * situation the fence checks) and are erased through it
 * (DocumentStore.eraseSituation); the owners are the cluster's leases.
 */
const NOT_OURS = new Set(['doc_updates', 'doc_snapshots', 'doc_quarantine', 'situation_owners'])

export interface ClosedSituation {
  id: string
  kind: PlanKind
  status: 'open' | 'closed'
  closedAt: string | null
  /** When the retention job archived it (the first stage; erasure follows after the grace period). */
  archivedAt: string | null
}

/**
 * Erasing a situation's content in one transaction: every row of every table
 * that has a `situation_id` column (so tables added later by other features
 * are erased too), the client bindings of its documents, the memberships of
 * the person, relatives and members without an account; the situation row
 * stays, anonymised, so the audit trail can still say what was erased and
 * when. The documents themselves are erased by the document store
 * (domain/retention.ts calls it first). Asynchronous on both engines
 * (docs/decisions/018).
 * @example const rows = createRetentionRows(sqliteSql(db)); await rows.erase(id, new Date().toISOString())
 */
export function createRetentionRows(sql: SqlDb) {
  /** Read from the schema at each erasure (both engines through Kysely's introspection), outside the transaction. */
  const tablesWithSituation = async (): Promise<string[]> => {
    const tables = await sql.introspection.getTables()
    return tables
      .filter((table) => !table.isView && !KEPT.has(table.name) && !NOT_OURS.has(table.name))
      .filter((table) => table.columns.some((column) => column.name === 'situation_id'))
      .map((table) => (table.schema ? `${table.schema}.${table.name}` : table.name))
      .sort()
  }
  return {
    async closedNotErased(): Promise<ClosedSituation[]> {
      const rows = await sql
        .selectFrom('situations')
        .select(['id', 'kind', 'status', 'closed_at as closedAt', 'archived_at as archivedAt'])
        .where('status', '=', 'closed')
        .where('closed_at', 'is not', null)
        .where('erased_at', 'is', null)
        .execute()
      return rows as ClosedSituation[]
    },
    async archive(situationId: string, at: string): Promise<boolean> {
      // Only a closed, not yet erased situation is archived: the WHERE makes a reopening in between win.
      const result = await sql
        .updateTable('situations')
        .set({ archived_at: at })
        .where('id', '=', situationId)
        .where('status', '=', 'closed')
        .where('erased_at', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    /** Reopened after its archiving (by its coordinator, during the grace period): no longer archived. */
    async reopenedArchived(): Promise<{ id: string; archivedAt: string }[]> {
      const rows = await sql
        .selectFrom('situations')
        .select(['id', 'archived_at as archivedAt'])
        .where('archived_at', 'is not', null)
        .where('status', '=', 'open')
        .where('erased_at', 'is', null)
        .execute()
      return rows as { id: string; archivedAt: string }[]
    },
    async unarchive(situationId: string): Promise<boolean> {
      const result = await sql.updateTable('situations').set({ archived_at: null }).where('id', '=', situationId).where('status', '=', 'open').executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    /** Resolves with how many rows of each table were deleted (tables with none left out). */
    async erase(situationId: string, at: string): Promise<Record<string, number>> {
      const tables = await tablesWithSituation()
      // Only the transaction's own queries inside (on SQLite it holds the shared connection).
      return sql.transaction().execute(async (trx) => {
        const counts: Record<string, number> = {}
        const count = (table: string, deleted: bigint | undefined) => {
          if (deleted !== undefined && deleted > 0n) counts[table] = Number(deleted)
        }
        // Every table that references a member (consent, invitations) has a situation_id and goes
        // before the members: PostgreSQL checks foreign keys at each statement, not at commit.
        for (const table of tables) {
          const result = await query`DELETE FROM ${query.table(table)} WHERE situation_id = ${situationId}`.execute(trx)
          count(table.slice(table.lastIndexOf('.') + 1), result.numAffectedRows)
        }
        // Bindings are keyed by document name (`<situationId>/<part>`): ids never contain '/', so no other situation matches.
        const prefix = `${situationId}/`
        const bindings = await trx
          .deleteFrom('client_bindings')
          .where((eb) => eb(eb.fn<string>('substr', ['doc', eb.val(1), eb.val(prefix.length)]), '=', prefix))
          .executeTakeFirst()
        count('client_bindings', bindings.numDeletedRows)
        const members = await trx
          .deleteFrom('members')
          .where('situation_id', '=', situationId)
          .where((eb) => eb.or([eb('user_id', 'is', null), eb('role', 'in', ['person', 'relative', 'legalRepresentative'])]))
          .executeTakeFirst()
        count('members', members.numDeletedRows)
        // Kept professionals' memberships lose what described the person's case (their mission in it, their contact).
        await trx.updateTable('members').set({ mission: '', contact: '' }).where('situation_id', '=', situationId).execute()
        await trx
          .updateTable('situations')
          .set({ title: 'Situation effacée', person_name: '', review_date: null, closed_reason: null, erased_at: at })
          .where('id', '=', situationId)
          .execute()
        return counts
      })
    },
    /** Requests decided without a situation: they hold the person's identity too. */
    async decidedRequests(): Promise<{ id: string; decidedAt: string }[]> {
      const rows = await sql
        .selectFrom('requests')
        .select(['id', 'decided_at as decidedAt'])
        .where('status', 'in', ['redirected', 'answered'])
        .where('situation_id', 'is', null)
        .where('decided_at', 'is not', null)
        .execute()
      return rows as { id: string; decidedAt: string }[]
    },
    async removeRequest(id: string): Promise<boolean> {
      const result = await sql.deleteFrom('requests').where('id', '=', id).where('situation_id', 'is', null).executeTakeFirst()
      return Number(result.numDeletedRows) === 1
    },
  }
}
export type RetentionRows = ReturnType<typeof createRetentionRows>
