import { ApiError, request } from './http.ts'
import type { Role, Sector } from '../../shared/domain/roles.ts'
import type { PersonIdentity } from '../../shared/domain/intake.ts'
import type { Member } from '../../shared/api/members.ts'

/**
 * The circle of a situation over HTTP (part 1 of the plan): the person's identity, the response
 * level, members, handover, closing and reopening, and the plan's visibility per member (the
 * person's choices page). Read by the circle page, the plan's header and the person's choices.
 */

const situation = (id: string) => `/api/situations/${encodeURIComponent(id)}`

/** PUT and PATCH, which the shared `request` helper does not send. */
async function send<T>(method: 'PUT' | 'PATCH', path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method, credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!response.ok) {
    let message = response.statusText
    try {
      message = ((await response.json()) as { error?: string }).error ?? message
    } catch {
      // not JSON
    }
    throw new ApiError(response.status, message)
  }
  return (await response.json()) as T
}

/** What the coordinator types to add or change a member (the coordinator's role moves only by handover). */
export interface MemberInput {
  name: string
  role: Exclude<Role, 'coordinator'>
  sector: Sector | null
  organisation: string
  mission: string
  contact: string
  careTeam?: boolean
  email?: string
}

export const fetchIdentity = (id: string) => request<{ identity: PersonIdentity; updatedAt: string | null }>('GET', `${situation(id)}/identity`)
export const saveIdentity = (id: string, identity: PersonIdentity) => send<{ identity: PersonIdentity }>('PUT', `${situation(id)}/identity`, identity)
export const saveLevel = (id: string, level: number | null) => request('POST', `${situation(id)}/level`, { level })
export const addMember = (id: string, body: MemberInput) => request<Member | { status: 'sent'; email: string }>('POST', `${situation(id)}/members`, body)
export const updateMember = (id: string, memberId: string, patch: Partial<MemberInput>) => send<Member>('PATCH', `${situation(id)}/members/${encodeURIComponent(memberId)}`, patch)
export const removeMember = (id: string, memberId: string) => request<void>('DELETE', `${situation(id)}/members/${encodeURIComponent(memberId)}`)
export const handOver = (id: string, memberId: string) => request<Member>('POST', `${situation(id)}/handover`, { memberId })
export const closeSituation = (id: string, reason: string) => request('POST', `${situation(id)}/close`, { reason })
export const reopenSituation = (id: string) => request('POST', `${situation(id)}/reopen`, {})
/** The person (or representative) hides the plan from one member, or shows it again. */
export const setPlanVisibility = (id: string, memberId: string, hidden: boolean) =>
  request<Member>('POST', `${situation(id)}/members/${encodeURIComponent(memberId)}/plan-visibility`, { hidden })
