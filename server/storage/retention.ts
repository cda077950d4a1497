import type { Db } from './db.ts'
import type { PlanKind } from '../../shared/domain/roles.ts'

/** Tables that keep their rows when a situation is erased: the row itself (anonymised), the memberships of accounts, the audit trail. */
const KEPT = new Set(['situations', 'members', 'audit_events'])
/** Tables keyed by document name (`<situationId>/<part>`) rather than by situation id. */
const DOC_TABLES = ['doc_updates', 'doc_snapshots', 'doc_quarantine', 'client_bindings']

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
 * are erased too), the documents' logs and snapshots, the memberships of the
 * person, relatives and members without an account; the situation row stays,
 * anonymised, so the audit trail can still say what was erased and when.
 */
export function createRetentionRows(db: Db) {
  const closed = db.prepare(
    "SELECT id, kind, status, closed_at AS closedAt, archived_at AS archivedAt FROM situations WHERE status = 'closed' AND closed_at IS NOT NULL AND erased_at IS NULL",
  )
  // Only a closed, not yet erased situation is archived: the WHERE makes a reopening in between win.
  const archive = db.prepare("UPDATE situations SET archived_at = ? WHERE id = ? AND status = 'closed' AND erased_at IS NULL")
  // Reopened after its archiving (by its coordinator, during the grace period): no longer archived.
  const reopenedArchived = db.prepare("SELECT id, archived_at AS archivedAt FROM situations WHERE archived_at IS NOT NULL AND status = 'open' AND erased_at IS NULL")
  const unarchive = db.prepare("UPDATE situations SET archived_at = NULL WHERE id = ? AND status = 'open'")
  const tablesWithSituation = () =>
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]).filter(
      (table) => !KEPT.has(table) && (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).includes('situation_id'),
    )
  const anonymise = db.prepare(
    "UPDATE situations SET title = 'Situation effacée', person_name = '', review_date = NULL, closed_reason = NULL, erased_at = ? WHERE id = ?",
  )
  const removeMembers = db.prepare(
    "DELETE FROM members WHERE situation_id = ? AND (user_id IS NULL OR role IN ('person', 'relative', 'legalRepresentative'))",
  )
  // Kept professionals' memberships lose what described the person's case (their mission in it, their contact).
  const blankMembers = db.prepare("UPDATE members SET mission = '', contact = '' WHERE situation_id = ?")
  // Requests decided without a situation: they hold the person's identity too.
  const decidedRequests = db.prepare(
    "SELECT id, decided_at AS decidedAt FROM requests WHERE status IN ('redirected', 'answered') AND situation_id IS NULL AND decided_at IS NOT NULL",
  )
  const removeRequest = db.prepare('DELETE FROM requests WHERE id = ? AND situation_id IS NULL')
  const erase = db.transaction((situationId: string, at: string): Record<string, number> => {
    // Foreign keys between the erased tables (consent → members, invitations → members) are checked at commit, when all are gone.
    db.pragma('defer_foreign_keys = ON')
    const counts: Record<string, number> = {}
    for (const table of tablesWithSituation()) {
      const changes = db.prepare(`DELETE FROM "${table}" WHERE situation_id = ?`).run(situationId).changes
      if (changes > 0) counts[table] = changes
    }
    for (const table of DOC_TABLES) {
      // `<id>/` then any part name: ids never contain '/', so no other situation matches.
      const changes = db.prepare(`DELETE FROM "${table}" WHERE substr(doc, 1, ?) = ?`).run(situationId.length + 1, `${situationId}/`).changes
      if (changes > 0) counts[table] = changes
    }
    const members = removeMembers.run(situationId).changes
    if (members > 0) counts.members = members
    blankMembers.run(situationId)
    anonymise.run(at, situationId)
    return counts
  })
  return {
    closedNotErased: () => closed.all() as ClosedSituation[],
    archive: (situationId: string, at: string): boolean => archive.run(at, situationId).changes === 1,
    reopenedArchived: () => reopenedArchived.all() as { id: string; archivedAt: string }[],
    unarchive: (situationId: string): boolean => unarchive.run(situationId).changes === 1,
    erase: (situationId: string, at: string) => erase(situationId, at),
    decidedRequests: () => decidedRequests.all() as { id: string; decidedAt: string }[],
    removeRequest: (id: string): boolean => removeRequest.run(id).changes === 1,
  }
}
export type RetentionRows = ReturnType<typeof createRetentionRows>
