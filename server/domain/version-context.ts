import type { Role, Sector } from '../../shared/domain/roles.ts'
import type { MemberRow, SituationRows } from '../storage/situations.ts'
import type { AuditRows } from '../storage/audit.ts'

/** A circle member as recorded with a version or a meeting. */
export interface ContextMember {
  id: string
  name: string
  role: Role
  sector: Sector | null
  organisation: string
  mission: string
}

/**
 * What a version or a meeting was made in: the circle, the coordinator and
 * the review date at that moment. Its PDF and minutes print these, not
 * today's (a 2022 plan names its 2022 coordinator).
 */
export interface RecordedContext {
  at: string
  /** `recorded` when stored at creation; `rebuilt` for older rows (members' dates and the handover audit trail). */
  source: 'recorded' | 'rebuilt'
  situationTitle: string
  personName: string
  coordinatorId: string | null
  reviewDate: string | null
  members: ContextMember[]
}

const toContextMember = (m: MemberRow): ContextMember => ({ id: m.id, name: m.name, role: m.role, sector: m.sector, organisation: m.organisation, mission: m.mission })

/** The circle as members joined it: the members of the situation who had joined by `at`. */
const joinedBy = (members: MemberRow[], at: string) => members.filter((m) => m.createdAt <= at)

/**
 * The context of a version or meeting made now (or at `at`, for the demo's
 * dated history): today's roles, among the members who had joined by then.
 */
export async function captureContext(deps: { situations: Pick<SituationRows, 'situationById' | 'activeMembers'> }, situationId: string, at: Date = new Date()): Promise<RecordedContext | null> {
  const situation = await deps.situations.situationById(situationId)
  if (!situation) return null
  const iso = at.toISOString()
  const members = joinedBy(await deps.situations.activeMembers(situationId), iso).map(toContextMember)
  return {
    at: iso,
    source: 'recorded',
    situationTitle: situation.title,
    personName: situation.personName,
    coordinatorId: members.filter((m) => m.role === 'coordinator').at(-1)?.id ?? null,
    reviewDate: situation.reviewDate,
    members,
  }
}

/**
 * The context of an older version or meeting stored without one, rebuilt as
 * closely as the records allow: members who had joined by then (removed
 * members are no longer listed: the members table keeps no history of
 * roles), the coordinator from the handover audit trail (the target of the
 * last handover by then, else the member who opened the situation), the
 * review date given by the caller (the version's own plan copy).
 */
export async function rebuildContext(
  deps: { situations: Pick<SituationRows, 'situationById' | 'activeMembers'>; audit: Pick<AuditRows, 'forSituation'> },
  situationId: string,
  at: string,
  reviewDate: string | null,
): Promise<RecordedContext | null> {
  const situation = await deps.situations.situationById(situationId)
  if (!situation) return null
  const joined = joinedBy(await deps.situations.activeMembers(situationId), at)
  const handover = (await deps.audit.forSituation(situationId, 5000))
    .filter((row) => row.action === 'coordinator.handover' && row.at <= at && row.target)
    .sort((a, b) => a.at.localeCompare(b.at))
    .at(-1)
  const opener = joined.filter((m) => m.userId !== null && m.userId === situation.createdBy).at(0)
  const coordinatorId = joined.find((m) => m.id === handover?.target)?.id ?? opener?.id ?? joined.filter((m) => m.role === 'coordinator').at(-1)?.id ?? null
  // Handovers go between professionals: whoever coordinates today but did not then was a professional then.
  const members = joined.map((m) => ({
    ...toContextMember(m),
    role: m.id === coordinatorId ? ('coordinator' as const) : m.role === 'coordinator' ? ('professional' as const) : m.role,
  }))
  return { at, source: 'rebuilt', situationTitle: situation.title, personName: situation.personName, coordinatorId, reviewDate, members }
}

/** Parses a stored context column; a malformed one counts as absent (rebuilt instead), never an error. */
export function parseContext(raw: unknown): RecordedContext | null {
  if (typeof raw !== 'string' || raw === '') return null
  try {
    const value = JSON.parse(raw) as RecordedContext
    return value && Array.isArray(value.members) ? value : null
  } catch {
    return null
  }
}
