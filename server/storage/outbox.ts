import type { SqlDb } from './sql/schema.ts'

export interface OutboxRow {
  id: string
  createdAt: string
  kind: string
  to: string
  subject: string
  text: string
  html: string
  situationId: string | null
  link: string | null
}

const COLUMNS = ['id', 'created_at as createdAt', 'kind', 'to_address as to', 'subject', 'text', 'html', 'situation_id as situationId', 'link'] as const

/**
 * Mails kept for hand-over when no SMTP server is configured (or it failed):
 * the coordinator reads a situation's links here and gives them in person.
 * Asynchronous on both engines (docs/decisions/018). Newest first; two kept
 * in the same millisecond come by id (SQLite's rowid has no PostgreSQL
 * equivalent).
 * @example const outbox = createOutboxRows(sql); await outbox.forSituation(situationId)
 */
export function createOutboxRows(sql: SqlDb) {
  const newest = () => sql.selectFrom('outbox').select(COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc')
  return {
    async insert(row: OutboxRow): Promise<void> {
      await sql
        .insertInto('outbox')
        .values({
          id: row.id,
          created_at: row.createdAt,
          kind: row.kind,
          to_address: row.to,
          subject: row.subject,
          text: row.text,
          html: row.html,
          situation_id: row.situationId,
          link: row.link,
        })
        .execute()
    },
    async forSituation(situationId: string, limit = 100): Promise<OutboxRow[]> {
      return newest().where('situation_id', '=', situationId).limit(limit).execute()
    },
    /** Newest first; for tests and the operator's command line, never an HTTP route (mails of every situation). */
    async latest(limit = 100): Promise<OutboxRow[]> {
      return newest().limit(limit).execute()
    },
  }
}
export type OutboxRows = ReturnType<typeof createOutboxRows>
