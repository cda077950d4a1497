import { partAccess, type Access } from '../../shared/schema/parts.ts'
import type { Part } from '../../shared/schema/roots.ts'
import { mayReadAuditTrail, speaksForPerson } from '../../shared/domain/roles.ts'
import type { MemberRow, SituationRow } from '../storage/situations.ts'

/**
 * Every permission decision lives here: HTTP routes and the sync upgrade ask
 * the same functions, and the per-part table is the one in shared/.
 */
export type SituationAction =
  | 'view'
  | 'manageMembers'
  | 'validateVersion'
  | 'readVersions'
  | 'closeSituation'
  | 'readAudit'
  | 'invite'
  | 'hidePlanFromRelative'
  | 'recordConsent'
  | 'readConsent'

export interface PolicyContext {
  situation: SituationRow
  /** The caller's active membership, if any. */
  member: MemberRow | undefined
  sharingObjection?: boolean
}

/** The caller's access to one part of a situation: `none` for non-members. */
export function accessToPart({ situation, member, sharingObjection = false }: PolicyContext, part: Part): Access {
  if (!member) return 'none'
  const access = partAccess(member, part, { sharingObjection })
  // A closed situation is kept for the record: readable, no longer edited.
  if (situation.status === 'closed' && access === 'write') return 'read'
  return access
}

export function can({ situation, member, sharingObjection = false }: PolicyContext, action: SituationAction): boolean {
  if (!member) return false
  const readsSomething = (['plan', 'health', 'person'] as const).some(
    (part) => accessToPart({ situation, member, sharingObjection }, part) !== 'none',
  )
  switch (action) {
    case 'view':
      return readsSomething
    case 'readVersions':
      return accessToPart({ situation, member, sharingObjection }, 'plan') !== 'none'
    case 'manageMembers':
    case 'validateVersion':
    case 'closeSituation':
      return member.role === 'coordinator'
    case 'invite':
      return member.role === 'coordinator' && situation.status === 'open'
    case 'readAudit':
      return mayReadAuditTrail(member.role)
    case 'recordConsent':
      return member.role === 'coordinator' || speaksForPerson(member.role)
    case 'hidePlanFromRelative':
      return speaksForPerson(member.role)
    case 'readConsent':
      return readsSomething
  }
}

/*
 * Rights of derived views (minutes, timeline, meetings, circle, versions,
 * PDFs, compare): a reader sees in them only what they could read live, so
 * each decision below is phrased as "the part this view shows".
 */

/** True when the caller may read that part live (the rights table, consent, closed state). */
export const readsPart = (context: PolicyContext, part: Part): boolean => accessToPart(context, part) !== 'none'

/**
 * Views built from the plan (timeline, meetings, versions, compare, PDFs,
 * commitments): only for who reads the plan live. A relative the person hid
 * the plan from, or anyone cut off by an objection, gets the same 404 as a stranger.
 */
export const canReadPlanViews = (context: PolicyContext): boolean => !!context.member && readsPart(context, 'plan')

/** The circle (members, missions, contacts) is part of the plan (DESIGN.md section 3.1): same readers. */
export const canReadCircle = (context: PolicyContext): boolean => canReadPlanViews(context)

/** The person's and relatives' views (in minutes, PDFs) follow the `person` part. */
export const canReadPersonViews = (context: PolicyContext): boolean => !!context.member && readsPart(context, 'person')

/** Clinical detail (health document, clinical timeline entries) follows the `health` part. */
export const canReadHealthDetail = (context: PolicyContext): boolean => !!context.member && readsPart(context, 'health')

/** A timeline entry belongs to one part (`plan` for the parcours, `health` for clinical events). */
export const canReadTimelineEntry = (context: PolicyContext, part: Part): boolean => !!context.member && readsPart(context, part)

/** A closed situation is kept for the record: nothing is changed over HTTP until it is reopened. */
export const isSituationOpen = (situation: Pick<SituationRow, 'status'>): boolean => situation.status === 'open'

/*
 * The front door (issue 15, decision 016): a request belongs to the service it
 * is addressed to. Its coordinators and intake desk read it; whoever recorded
 * it reads it too (their own request, to follow it up); only a coordinator of
 * that service decides it (accept, redirect, answer). Coordinating situations
 * gives no right over any service's requests.
 */
export interface RequestReader {
  /** The reader's role in the request's service, null outside it. */
  serviceRole: 'coordinator' | 'intake' | null
  /** True when the reader recorded the request. */
  recordedIt: boolean
}

export const canReadRequest = ({ serviceRole, recordedIt }: RequestReader): boolean => serviceRole !== null || recordedIt

export const canDecideRequest = ({ serviceRole }: RequestReader): boolean => serviceRole === 'coordinator'
