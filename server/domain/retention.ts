import { CloseCode } from '../../shared/protocol/close-codes.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { RetentionRows } from '../storage/retention.ts'
import type { RoomRegistry } from '../sync/rooms.ts'
import { retentionDateOf, type RetentionYears } from './retention-policy.ts'

export interface RetentionDeps {
  retention: RetentionRows
  audit: AuditRows
  rooms: RoomRegistry
  years: RetentionYears
}

export interface RetentionRun {
  erased: string[]
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
  const run: RetentionRun = { erased: [], deferred: [] }
  const loaded = new Set(deps.rooms.loadedNames().map((name) => name.split('/')[0]))
  for (const situation of deps.retention.closedNotErased()) {
    const due = retentionDateOf(situation, deps.years)
    if (due === null || due > now.toISOString()) continue
    if (loaded.has(situation.id)) {
      deps.rooms.closeWhere((connection) => connection.principal.situationId === situation.id, CloseCode.accessRevoked, 'situation erased')
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
  return run
}
