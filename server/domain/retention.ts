import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { parseDocumentName } from '../../shared/protocol/document-key.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { RetentionRows } from '../storage/retention.ts'
import type { DocumentStore } from '../storage/updates.ts'
import type { LiveDocuments } from './live-documents.ts'
import { DEFAULT_ARCHIVE_GRACE_DAYS, eraseAfter, retainUntil, retentionDateOf, type RetentionYears } from './retention-policy.ts'

/** Thrown by the documents' erasure when another node serves the situation (cluster mode): left to the next run. */
export class ServedElsewhere extends Error {
  override name = 'ServedElsewhere'
}

export interface RetentionDeps {
  retention: RetentionRows
  /** The document store, which erases the situation's documents (its tables may not be the data layer's). */
  documents: Pick<DocumentStore, 'eraseSituation'>
  audit: AuditRows
  rooms: LiveDocuments
  years: RetentionYears
  /** Days between archiving and erasing (`RETENTION_ARCHIVE_GRACE_DAYS`); default 30. */
  archiveGraceDays?: number
}

export interface RetentionRun {
  /** Closed situations whose retention date passed in this run: archived, erased after the grace period. */
  archived: string[]
  erased: string[]
  /** Requests redirected or answered without a situation, erased past their own period. */
  erasedRequests: string[]
  /** Situations due but still loaded in memory (here, or on another node): their connections were closed, the next run erases them. */
  deferred: string[]
}

/**
 * One run of the retention job, in two stages. When a closed situation's
 * retention date passes, it is archived (`archived_at`; read-only since it
 * is closed; audited). Once the grace period after that has passed too, it
 * is erased (what the audit must keep, written to the audit trail: kind,
 * dates, how many rows of each kind). A situation whose documents are still
 * loaded is closed to its readers and left to the next run, so no room can
 * write an erased document back when it unloads. Neither audit row holds any
 * document text.
 */
export async function runRetention(deps: RetentionDeps, now = new Date()): Promise<RetentionRun> {
  const run: RetentionRun = { archived: [], erased: [], erasedRequests: [], deferred: [] }
  const at = now.toISOString()
  const graceDays = deps.archiveGraceDays ?? DEFAULT_ARCHIVE_GRACE_DAYS
  // Reopened during the grace period: its coordinator took it back, it is no longer archived.
  for (const situation of await deps.retention.reopenedArchived()) {
    if (!(await deps.retention.unarchive(situation.id))) continue
    await deps.audit.append({ situationId: situation.id, userId: null, action: 'situation.unarchive', detail: { by: 'retention', archivedAt: situation.archivedAt, reason: 'reopened' } }, now)
  }
  const loaded = new Set(deps.rooms.loadedNames().map((name) => parseDocumentName(name)?.situationId))
  for (const situation of await deps.retention.closedNotErased()) {
    const due = retentionDateOf(situation, deps.years)
    if (due === null || due > at) continue
    // Archived for this closing: an archive older than the retention date was made before a reopening and a new closing.
    let archivedAt = situation.archivedAt !== null && situation.archivedAt >= due ? situation.archivedAt : null
    if (archivedAt === null) {
      if (!(await deps.retention.archive(situation.id, at))) continue
      archivedAt = at
      await deps.audit.append({
        situationId: situation.id,
        userId: null,
        action: 'situation.archive',
        detail: { by: 'retention', kind: situation.kind, closedAt: situation.closedAt, retainUntil: due, eraseAfter: eraseAfter(at, graceDays) },
      }, now)
      run.archived.push(situation.id)
    }
    if (eraseAfter(archivedAt, graceDays) > at) continue
    if (loaded.has(situation.id)) {
      deps.rooms.closeWhere(({ principal }) => principal.situationId === situation.id, CloseCode.accessRevoked, 'situation erased')
      run.deferred.push(situation.id)
      continue
    }
    // The documents first: if the rows' transaction fails after them, the situation is not marked
    // erased and the next run erases both again; the other way round, documents could outlive it.
    let documents: Record<string, number>
    try {
      documents = await deps.documents.eraseSituation(situation.id)
    } catch (error) {
      if (!(error instanceof ServedElsewhere)) throw error
      run.deferred.push(situation.id)
      continue
    }
    const erased = { ...(await deps.retention.erase(situation.id, at)), ...documents }
    // Who erased what, when: the job (no user), the kind and dates, how many rows of each kind. No content.
    await deps.audit.append({
      situationId: situation.id,
      userId: null,
      action: 'situation.erase',
      detail: { by: 'retention', kind: situation.kind, closedAt: situation.closedAt, retainUntil: due, archivedAt, erased },
    }, now)
    run.erased.push(situation.id)
  }
  const requestYears = deps.years.requests ?? deps.years.ppcs
  for (const request of await deps.retention.decidedRequests()) {
    if (retainUntil(request.decidedAt, requestYears) > now.toISOString()) continue
    if (!(await deps.retention.removeRequest(request.id))) continue
    await deps.audit.append({ situationId: null, userId: null, action: 'request.erase', target: request.id, detail: { by: 'retention', decidedAt: request.decidedAt } }, now)
    run.erasedRequests.push(request.id)
  }
  return run
}
