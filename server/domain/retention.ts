import { CloseCode } from '../../shared/protocol/close-codes.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { RetentionRows } from '../storage/retention.ts'
import type { LiveDocuments } from './live-documents.ts'
import { retainUntil, retentionDateOf, type RetentionYears } from './retention-policy.ts'

export interface RetentionDeps {
  retention: RetentionRows
  audit: AuditRows
  rooms: LiveDocuments
  years: RetentionYears
}

export interface RetentionRun {
  erased: string[]
  /** Requests redirected or answered without a situation, erased past their own period. */
  erasedRequests: string[]
  /** Situations due but still loaded in memory: their connections were closed, the next run erases them. */
  deferred: string[]
}

/**
 * One run of the retention job: every closed situation whose retention date
 * has passed is first archived (what the audit must keep, written to the
 * audit trail: kind, dates, what was erased), then erased. A situation
 * whose documents are still loaded is closed to its readers and left to the
 * next run, so no room can write an erased document back when it unloads.
 */
export function runRetention(deps: RetentionDeps, now = new Date()): RetentionRun {
  const run: RetentionRun = { erased: [], erasedRequests: [], deferred: [] }
  const loaded = new Set(deps.rooms.loadedNames().map((name) => name.split('/')[0]))
  for (const situation of deps.retention.closedNotErased()) {
    const due = retentionDateOf(situation, deps.years)
    if (due === null || due > now.toISOString()) continue
    if (loaded.has(situation.id)) {
      deps.rooms.closeWhere(({ principal }) => principal.situationId === situation.id, CloseCode.accessRevoked, 'situation erased')
      run.deferred.push(situation.id)
      continue
    }
    const erased = deps.retention.erase(situation.id, now.toISOString())
    // Who erased what, when: the job (no user), the kind and dates, how many rows of each kind. No content.
    deps.audit.append({
      situationId: situation.id,
      userId: null,
      action: 'situation.erase',
      detail: { by: 'retention', kind: situation.kind, closedAt: situation.closedAt, retainUntil: due, erased },
    }, now)
    run.erased.push(situation.id)
  }
  const requestYears = deps.years.requests ?? deps.years.ppcs
  for (const request of deps.retention.decidedRequests()) {
    if (retainUntil(request.decidedAt, requestYears) > now.toISOString()) continue
    if (!deps.retention.removeRequest(request.id)) continue
    deps.audit.append({ situationId: null, userId: null, action: 'request.erase', target: request.id, detail: { by: 'retention', decidedAt: request.decidedAt } }, now)
    run.erasedRequests.push(request.id)
  }
  return run
}
