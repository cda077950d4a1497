import type { Part } from './roots.ts'
import type { Role } from '../domain/roles.ts'

/** What a member may do with one part of a situation. */
export type Access = 'write' | 'read' | 'none'

/** The facts about a membership that decide its access. */
export interface AccessSubject {
  role: Role
  /** Marked by the coordinator as part of the care team (health/medico-social by default). */
  careTeam: boolean
  /** The person has hidden the plan from this relative. */
  planHidden?: boolean
}

/** The situation-wide facts that restrict access. */
export interface AccessContext {
  /** An objection to sharing is recorded in the consent record and not lifted. */
  sharingObjection?: boolean
}

/**
 * The rights table of DESIGN.md section 2. Read by the server policy (the
 * authority) and by the client (to disable inputs it would refuse anyway).
 */
const BASE: Record<Role, Record<Part, Access>> = {
  coordinator: { plan: 'write', health: 'write', person: 'read' },
  professional: { plan: 'write', health: 'write', person: 'read' },
  person: { plan: 'read', health: 'read', person: 'write' },
  relative: { plan: 'read', health: 'none', person: 'write' },
  legalRepresentative: { plan: 'read', health: 'read', person: 'write' },
  observer: { plan: 'read', health: 'none', person: 'none' },
}

/**
 * @example partAccess({ role: 'professional', careTeam: false }, 'health') // 'none'
 */
export function partAccess(subject: AccessSubject, part: Part, context: AccessContext = {}): Access {
  const { role, careTeam } = subject
  // An objection removes the read right of everyone outside the care team,
  // except the person and their legal representative.
  if (context.sharingObjection && !careTeam && role !== 'person' && role !== 'legalRepresentative') return 'none'
  if (role === 'professional' && part === 'health' && !careTeam) return 'none'
  if (role === 'relative' && part === 'plan' && subject.planHidden) return 'none'
  return BASE[role][part]
}

export const canRead = (access: Access): boolean => access !== 'none'
export const canWrite = (access: Access): boolean => access === 'write'
