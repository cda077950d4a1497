import { request } from './http.ts'
import type { Role } from '../../shared/domain/roles.ts'

/**
 * The person's own record over HTTP (their "Mes choix" page, client/person/ChoicesPage.tsx): who
 * opened their file, and their data to download. Was in client/intake/api.ts, where the person's
 * page had to reach into another feature for it.
 */

const situation = (id: string) => `/api/situations/${encodeURIComponent(id)}`

/** One opening of the file as the person reads it (`GET …/access-log`). */
export interface AccessEntry {
  at: string
  userId: string | null
  name: string
  role: Role | null
  organisation: string
  opened: string
  mode: string | null
}

export const fetchAccessLog = (id: string) => request<AccessEntry[]>('GET', `${situation(id)}/access-log`)
/** Everything the situation holds about the person, as JSON or PDF, by a plain link (the server audits the download). */
export const myDataHref = (id: string, format: 'json' | 'pdf') => `${situation(id)}/my-data.${format}`
