import type { AuditRow } from '../storage/audit.ts'
import type { MemberRow } from '../storage/situations.ts'
import type { AuditEntry } from '../../shared/api/audit.ts'

/** One line of the audit trail with its names resolved (the wire shape, `detail` always present here). */
export type AuditTrailEntry = AuditEntry & { detail: Record<string, unknown> }

/** The part an audit event concerns, when it concerns one. */
export function partOf(row: AuditRow): string | null {
  if (row.action === 'sync.connect') return row.target
  if (row.action.startsWith('identity.') || row.action.startsWith('member.') || row.action.startsWith('coordinator.')) return 'plan'
  if (row.action.startsWith('agreement.') || row.action.startsWith('plan.') || row.action.startsWith('mydata.')) return 'person'
  if (row.action.startsWith('version.') || row.action.startsWith('meeting.') || row.action.startsWith('minutes.') || row.action.startsWith('export.')) return 'plan'
  return null
}

/** The family of an audit action (`member`, `sync`, `consent`…): its first word. */
export const kindOf = (row: AuditRow): string => row.action.split('.')[0]!

export interface AuditFilter {
  userId?: string
  part?: string
  kind?: string
}


/** The audit trail filtered by member, part and kind, with names resolved (the coordinator's audit page and its CSV). */
export function auditTrail(rows: AuditRow[], members: MemberRow[], userName: (userId: string) => string, filter: AuditFilter): AuditTrailEntry[] {
  const byUser = new Map(members.filter((m) => m.userId).map((m) => [m.userId!, m.name]))
  return rows
    .map((row) => ({
      id: row.id,
      at: row.at,
      userId: row.userId,
      name: row.userId ? (byUser.get(row.userId) ?? userName(row.userId)) : '',
      action: row.action,
      kind: kindOf(row),
      part: partOf(row),
      target: row.target,
      detail: row.detail,
    }))
    .filter((entry) => (!filter.userId || entry.userId === filter.userId) && (!filter.part || entry.part === filter.part) && (!filter.kind || entry.kind === filter.kind))
}

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)
  // Quoted always; a leading = + - @ would be a formula in a spreadsheet (CSV injection): prefixed with a quote.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return `"${safe.replaceAll('"', '""')}"`
}

/** RFC 4180 CSV with a header line, CRLF line ends, UTF-8 BOM so spreadsheets read the accents. */
export function auditCsv(entries: AuditTrailEntry[]): string {
  const header = ['date', 'membre', 'action', 'famille', 'partie', 'cible', 'détail']
  const lines = entries.map((e) => [e.at, e.name, e.action, e.kind, e.part, e.target, e.detail].map(csvCell).join(','))
  return `\uFEFF${[header.map(csvCell).join(','), ...lines].join('\r\n')}\r\n`
}
