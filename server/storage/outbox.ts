import type { Db } from './db.ts'

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

const COLUMNS = 'id, created_at AS createdAt, kind, to_address AS "to", subject, text, html, situation_id AS situationId, link'

/**
 * Mails kept for hand-over when no SMTP server is configured (or it failed):
 * the coordinator reads a situation's links here and gives them in person.
 */
export function createOutboxRows(db: Db) {
  const insert = db.prepare(
    'INSERT INTO outbox (id, created_at, kind, to_address, subject, text, html, situation_id, link) VALUES (@id, @createdAt, @kind, @to, @subject, @text, @html, @situationId, @link)',
  )
  const forSituation = db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE situation_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`)
  const all = db.prepare(`SELECT ${COLUMNS} FROM outbox ORDER BY created_at DESC, rowid DESC LIMIT ?`)
  return {
    insert: (row: OutboxRow) => void insert.run(row),
    forSituation: (situationId: string, limit = 100) => forSituation.all(situationId, limit) as OutboxRow[],
    /** Newest first; for tests and the operator's command line, never an HTTP route (mails of every situation). */
    latest: (limit = 100) => all.all(limit) as OutboxRow[],
  }
}
export type OutboxRows = ReturnType<typeof createOutboxRows>
