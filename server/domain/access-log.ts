import type { AuditRow, AuditRows } from '../storage/audit.ts'
import type { MemberRow } from '../storage/situations.ts'
import type { UserRows } from '../storage/users.ts'

/**
 * What each audit action opened, for "Qui a consulté mon dossier": the part
 * of the case it showed. Actions that change nothing and show something.
 */
const OPENED: Record<string, (row: AuditRow) => string | null> = {
  'sync.connect': (row) => row.target,
  'situation.open': () => 'situation',
  'identity.read': () => 'identity',
  'export.pdf': () => 'pdf',
  'export.minutes': () => 'minutes',
  'mydata.json': () => 'myData',
  'mydata.pdf': () => 'myData',
  'audit.export': () => 'audit',
}

export interface AccessEntry {
  at: string
  userId: string | null
  name: string
  role: string | null
  organisation: string
  /** `plan`, `health`, `person`, `situation`, `identity`, `pdf`, `minutes`, `myData`, `audit`. */
  opened: string
  /** For a sync connection: `read` or `write`. */
  mode: string | null
}

/**
 * Who opened which part of the case, when: the audit trail's reads in
 * plain terms (names and roles, never addresses), newest first. Opening the
 * same part again within ten minutes is one visit, so a reconnecting editor
 * does not fill the list.
 */
export async function accessLog(deps: { audit: AuditRows; users: UserRows }, situationId: string, members: MemberRow[], limit = 5000): Promise<AccessEntry[]> {
  const byUser = new Map(members.filter((m) => m.userId).map((m) => [m.userId!, m]))
  const entries: AccessEntry[] = []
  const lastSeen = new Map<string, number>()
  // Oldest first to merge repeated visits, then reversed.
  for (const row of (await deps.audit.forSituation(situationId, limit)).reverse()) {
    const opened = OPENED[row.action]?.(row)
    if (!opened) continue
    const key = `${row.userId}:${opened}`
    const at = Date.parse(row.at)
    const previous = lastSeen.get(key)
    lastSeen.set(key, at)
    if (previous !== undefined && at - previous < 10 * 60_000) continue
    const member = row.userId ? byUser.get(row.userId) : undefined
    entries.push({
      at: row.at,
      userId: row.userId,
      name: member?.name ?? (row.userId ? ((await deps.users.byId(row.userId))?.name ?? '') : ''),
      role: member?.role ?? null,
      organisation: member?.organisation ?? '',
      opened,
      mode: row.action === 'sync.connect' ? String(row.detail.mode ?? '') || null : null,
    })
  }
  return entries.reverse()
}
