import type { AuditRows } from '../storage/audit.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { UserRows } from '../storage/users.ts'
import { auditCsv, auditTrail, type AuditFilter, type AuditTrailEntry } from './access-log-filter.ts'

export interface AuditTrailDeps {
  audit: Pick<AuditRows, 'forSituation' | 'append'>
  situations: Pick<SituationRows, 'activeMembers'>
  users: Pick<UserRows, 'names'>
}

/** A situation's raw audit events (the coordinator's and the person's `GET …/audit`); the right is checked by the caller. */
export const auditEventsOf = (deps: Pick<AuditTrailDeps, 'audit'>, situationId: string) => deps.audit.forSituation(situationId)

/** A situation's audit trail for the audit page, filtered by member, part and kind, with names. */
export async function readAuditTrail(deps: AuditTrailDeps, situationId: string, filter: AuditFilter): Promise<AuditTrailEntry[]> {
  const rows = await deps.audit.forSituation(situationId, 20_000)
  const names = await deps.users.names(rows.flatMap((row) => (row.userId ? [row.userId] : [])))
  // Every member ever in the circle (a removed one's name still explains their past actions).
  return auditTrail(rows, await deps.situations.activeMembers(situationId), (userId) => names.get(userId) ?? '', filter)
}

/** The same trail as CSV; the export itself is audited (`audit.export`, how many rows). */
export async function exportAuditTrail(deps: AuditTrailDeps, input: { situationId: string; userId: string; filter: AuditFilter; address?: string | null }): Promise<string> {
  const entries = await readAuditTrail(deps, input.situationId, input.filter)
  await deps.audit.append({ situationId: input.situationId, userId: input.userId, action: 'audit.export', detail: { rows: entries.length }, address: input.address })
  return auditCsv(entries)
}
