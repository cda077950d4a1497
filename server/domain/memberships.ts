import { defaultCareTeam, type Role, type Sector } from '../../shared/domain/roles.ts'
import type { AccessService } from '../auth/access.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { MemberRow, SituationRows } from '../storage/situations.ts'
import type { LiveDocuments } from './live-documents.ts'
import { DomainError } from './errors.ts'
import { addMember, type NewMember } from './situations.ts'
import { revalidateSituation } from './revocation.ts'
import type { InvitationRows } from '../storage/invitations.ts'

export interface MembershipDeps {
  situations: SituationRows
  audit: AuditRows
  rooms: LiveDocuments
  access: AccessService
  /** To revoke an account's outstanding reset links when its memberships change. */
  invitations?: InvitationRows
}

/** A change of an account's memberships revokes its outstanding reset links (they would hand over something else). */
const revokeResets = async (deps: MembershipDeps, userId: string | null) => {
  if (userId) await deps.invitations?.revokeResetsOfUser(userId, 'system', 'memberships changed', new Date().toISOString())
}

export interface Actor {
  userId: string
  address: string
}

/** The member fields a coordinator may change. */
export interface MemberPatch {
  name?: string
  role?: Role
  sector?: Sector | null
  organisation?: string
  profession?: string
  mission?: string
  contact?: string
  careTeam?: boolean
}

const memberOrThrow = async (deps: MembershipDeps, situationId: string, memberId: string): Promise<MemberRow> => {
  const member = await deps.situations.memberById(situationId, memberId)
  if (!member) throw new DomainError(404, 'member not found')
  return member
}

/** The situation's circle as it stands (removed members left out). */
export async function listSituationMembers(deps: Pick<MembershipDeps, 'situations'>, situationId: string): Promise<MemberRow[]> {
  return await deps.situations.activeMembers(situationId)
}

/** Adds a member (with an account, or a circle member without one). */
export async function addSituationMember(deps: MembershipDeps, situationId: string, input: NewMember, actor: Actor): Promise<MemberRow> {
  if (input.userId && (await deps.situations.memberOfUser(situationId, input.userId))) throw new DomainError(409, 'already a member')
  const member = await addMember(deps, situationId, input)
  await deps.audit.append({ situationId, userId: actor.userId, action: 'member.add', target: member.id, detail: { role: member.role }, address: actor.address })
  await revokeResets(deps, member.userId)
  return member
}

export async function updateSituationMember(deps: MembershipDeps, situationId: string, memberId: string, patch: MemberPatch, actor: Actor): Promise<MemberRow> {
  const current = await memberOrThrow(deps, situationId, memberId)
  // Into or out of coordination only by handover: changing the coordinator's role could leave the situation with nobody to manage it.
  if ((patch.role === 'coordinator' || current.role === 'coordinator') && patch.role !== undefined) throw new DomainError(400, 'use the handover to change the coordinator', { field: 'role' })
  const role = patch.role ?? current.role
  const sector = patch.sector === undefined ? current.sector : patch.sector
  const next: MemberRow = {
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
    role,
    sector,
    careTeam: patch.careTeam ?? (patch.role || patch.sector !== undefined ? defaultCareTeam(role, sector) : current.careTeam),
  }
  await deps.situations.updateMember(next)
  await revokeResets(deps, current.userId)
  await deps.audit.append({ situationId, userId: actor.userId, action: 'member.update', target: memberId, detail: { fields: Object.keys(patch) }, address: actor.address })
  await revalidateSituation(deps, situationId)
  return next
}

/** Removes a member (never the last coordinator); returns who was removed. */
export async function removeSituationMember(deps: MembershipDeps, situationId: string, memberId: string, actor: Actor): Promise<MemberRow> {
  const member = await memberOrThrow(deps, situationId, memberId)
  const coordinators = (await deps.situations.activeMembers(situationId)).filter((m) => m.role === 'coordinator')
  if (member.role === 'coordinator' && coordinators.length <= 1) throw new DomainError(409, 'hand over coordination before removing the coordinator')
  await deps.situations.removeMember(situationId, memberId, new Date().toISOString())
  await revokeResets(deps, member.userId)
  await deps.audit.append({ situationId, userId: actor.userId, action: 'member.remove', target: memberId, detail: { role: member.role }, address: actor.address })
  await revalidateSituation(deps, situationId)
  return member
}

/** The person (or legal representative) hides the plan from one relative, or shows it again. */
export async function setPlanHidden(deps: MembershipDeps, situationId: string, memberId: string, hidden: boolean, actor: Actor): Promise<MemberRow> {
  const member = await memberOrThrow(deps, situationId, memberId)
  if (member.role !== 'relative') throw new DomainError(400, 'only a relative’s view of the plan can be hidden', { field: 'memberId' })
  const next = { ...member, planHidden: hidden }
  await deps.situations.updateMember(next)
  await deps.audit.append({ situationId, userId: actor.userId, action: hidden ? 'plan.hide' : 'plan.show', target: memberId, address: actor.address })
  await revalidateSituation(deps, situationId)
  return next
}

/** Coordinator handover: a normal, logged event; the previous coordinator stays as a professional. */
export async function handOverCoordination(deps: MembershipDeps, situationId: string, toMemberId: string, actor: Actor, note = ''): Promise<MemberRow> {
  const target = await memberOrThrow(deps, situationId, toMemberId)
  if (!target.userId) throw new DomainError(400, 'the new coordinator needs an account', { field: 'memberId' })
  if (target.role === 'coordinator') return target
  if (!['professional', 'coordinator'].includes(target.role)) throw new DomainError(400, 'only a professional can coordinate', { field: 'memberId' })
  for (const previous of (await deps.situations.activeMembers(situationId)).filter((m) => m.role === 'coordinator')) {
    await deps.situations.updateMember({ ...previous, role: 'professional' })
  }
  const next = { ...target, role: 'coordinator' as const, careTeam: true }
  await deps.situations.updateMember(next)
  await revokeResets(deps, target.userId)
  await deps.audit.append({ situationId, userId: actor.userId, action: 'coordinator.handover', target: toMemberId, detail: { note }, address: actor.address })
  await revalidateSituation(deps, situationId)
  return next
}

/**
 * Closing sets the stage to `closed` with when and why; reopening puts the
 * plan `toReview`, since a case that comes back needs a fresh look with the person.
 */
export async function setSituationStatus(
  deps: MembershipDeps,
  situationId: string,
  status: 'open' | 'closed',
  actor: Actor,
  reason: string | null = null,
  now = new Date(),
): Promise<void> {
  await deps.situations.setStatus(situationId, status)
  await deps.situations.setStage(situationId, status === 'closed' ? 'closed' : 'toReview')
  await deps.situations.setClosure(situationId, status === 'closed' ? now.toISOString() : null, status === 'closed' ? reason : null)
  await deps.audit.append({
    situationId,
    userId: actor.userId,
    action: status === 'closed' ? 'situation.close' : 'situation.reopen',
    detail: reason ? { reason } : undefined,
    address: actor.address,
  })
  await revalidateSituation(deps, situationId)
}
