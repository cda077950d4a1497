import { partAccess, type Access } from '../../shared/schema/parts.ts'
import type { Part } from '../../shared/schema/roots.ts'
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
    case 'recordConsent':
      return member.role === 'coordinator' || member.role === 'person' || member.role === 'legalRepresentative'
    case 'hidePlanFromRelative':
      return member.role === 'person' || member.role === 'legalRepresentative'
    case 'readConsent':
      return readsSomething
  }
}
