/** Roles a membership can hold in one situation (DESIGN.md section 2). */
export const ROLES = ['coordinator', 'professional', 'person', 'relative', 'legalRepresentative', 'observer'] as const
export type Role = (typeof ROLES)[number]

/** Sectors of the circle; `health` and `medicosocial` are the default care team. */
export const SECTORS = ['health', 'social', 'medicosocial', 'mainstream'] as const
export type Sector = (typeof SECTORS)[number]

export const PLAN_KINDS = ['pag', 'pps', 'ppcs'] as const
export type PlanKind = (typeof PLAN_KINDS)[number]

/** The care team defaults to health and medico-social professionals; the coordinator may change it. */
export const defaultCareTeam = (role: Role, sector: Sector | null): boolean =>
  role === 'coordinator' || (role === 'professional' && (sector === 'health' || sector === 'medicosocial'))

/** Situation ids appear unencoded in the y-websocket URL. */
export const SITUATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/**
 * The person or their legal representative: who speaks for the person
 * (their views, their agreement to a version, their consent, their choices).
 * The one place this rule is written; server policy and client both call it.
 */
export const speaksForPerson = (role: Role): boolean => role === 'person' || role === 'legalRepresentative'

/** The roles for which `speaksForPerson` holds, for tables that list writers. */
export const PERSON_VOICE_ROLES: readonly Role[] = ROLES.filter((role) => speaksForPerson(role))

/** The person's side of the circle (the person, a relative, a legal representative): they open the person's space first. */
export const isPersonSide = (role: Role): boolean => role === 'person' || role === 'relative' || role === 'legalRepresentative'

/** Who reads a situation's audit trail (who opened and changed what): the coordinator, and whoever speaks for the person. */
export const mayReadAuditTrail = (role: Role): boolean => role === 'coordinator' || speaksForPerson(role)
