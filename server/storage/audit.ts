import type { Db } from './db.ts'

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

/** The append-only audit trail: who did what, when, from where. Never a token, password or document text. */
export function createAuditRows(db: Db) {
  const insert = db.prepare(
    'INSERT INTO audit_events (at, situation_id, user_id, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  const forSituation = db.prepare(
    'SELECT id, at, situation_id AS situationId, user_id AS userId, action, target, detail, address FROM audit_events WHERE situation_id = ? ORDER BY id DESC LIMIT ?',
  )
  const forUser = db.prepare(
    'SELECT id, at, situation_id AS situationId, user_id AS userId, action, target, detail, address FROM audit_events WHERE user_id = ? ORDER BY id DESC LIMIT ?',
  )
  const parse = (rows: unknown[]) =>
    (rows as (Omit<AuditRow, 'detail'> & { detail: string })[]).map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }))
  return {
    append(event: AuditEvent, at = new Date()): void {
      insert.run(at.toISOString(), event.situationId, event.userId, event.action, event.target ?? null, JSON.stringify(event.detail ?? {}), event.address ?? null)
    },
    forSituation: (situationId: string, limit = 500): AuditRow[] => parse(forSituation.all(situationId, limit)),
    forUser: (userId: string, limit = 500): AuditRow[] => parse(forUser.all(userId, limit)),
  }
}
export type AuditRows = ReturnType<typeof createAuditRows>
