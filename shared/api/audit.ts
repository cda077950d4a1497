/** `GET /api/situations/:id/audit-trail`: one line of a situation's audit trail, names resolved. */
export interface AuditEntry {
  id: number
  at: string
  userId: string | null
  name: string
  action: string
  kind: string
  part: string | null
  target: string | null
  /** What the action carried (a filter, a version id…); the page shows `action`, the CSV keeps it. */
  detail?: Record<string, unknown>
}
