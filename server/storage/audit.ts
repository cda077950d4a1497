import type { SqlDb } from './sql/schema.ts'

export interface AuditEvent {
  situationId: string | null
  userId: string | null
  action: string
  target?: string | null
  detail?: Record<string, unknown>
  address?: string | null
}

export interface AuditRow extends Required<Omit<AuditEvent, 'detail'>> {
  id: number
  at: string
  detail: Record<string, unknown>
}

const COLUMNS = ['id', 'at', 'situation_id as situationId', 'user_id as userId', 'action', 'target', 'detail', 'address'] as const

const parse = (rows: (Omit<AuditRow, 'detail'> & { detail: string })[]): AuditRow[] =>
  rows.map((row) => ({ ...row, id: Number(row.id), detail: JSON.parse(row.detail) as Record<string, unknown> }))

/**
 * The append-only audit trail: who did what, when, from where. Never a
 * token, password or document text. Asynchronous on both engines
 * (docs/decisions/018): a caller that cannot wait (a sync hook) appends
 * with a `.catch` that logs the row it could not store.
 * @example await createAuditRows(sql).append({ situationId, userId, action: 'version.save' })
 */
export function createAuditRows(sql: SqlDb) {
  return {
    async append(event: AuditEvent, at = new Date()): Promise<void> {
      await sql
        .insertInto('audit_events')
        .values({
          at: at.toISOString(),
          situation_id: event.situationId,
          user_id: event.userId,
          action: event.action,
          target: event.target ?? null,
          detail: JSON.stringify(event.detail ?? {}),
          address: event.address ?? null,
        })
        .execute()
    },
    /** Newest first. */
    async forSituation(situationId: string, limit = 500): Promise<AuditRow[]> {
      return parse(await sql.selectFrom('audit_events').select(COLUMNS).where('situation_id', '=', situationId).orderBy('id', 'desc').limit(limit).execute())
    },
    /** Newest first. */
    async forUser(userId: string, limit = 500): Promise<AuditRow[]> {
      return parse(await sql.selectFrom('audit_events').select(COLUMNS).where('user_id', '=', userId).orderBy('id', 'desc').limit(limit).execute())
    },
  }
}
export type AuditRows = ReturnType<typeof createAuditRows>
