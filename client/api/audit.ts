import { request } from './http.ts'
import type { AuditEntry } from '../../shared/api/audit.ts'

/** A situation's audit trail over HTTP (the coordinator's, the person's and the representative's "Journal des accès"). */

export type { AuditEntry }

export interface AuditFilter {
  member: string
  part: string
  kind: string
}

const situation = (id: string) => `/api/situations/${encodeURIComponent(id)}`
const auditQuery = (filter: AuditFilter) => new URLSearchParams(Object.entries(filter).filter(([, value]) => value)).toString()

export const fetchAuditTrail = (id: string, filter: AuditFilter) => request<AuditEntry[]>('GET', `${situation(id)}/audit-trail?${auditQuery(filter)}`)
/** The same lines as CSV, downloaded by a plain link (the server audits the export). */
export const auditCsvHref = (id: string, filter: AuditFilter) => `${situation(id)}/audit-trail.csv?${auditQuery(filter)}`
