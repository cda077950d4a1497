import { nanoid } from 'nanoid'
import type { Role, Sector } from '../../shared/domain/roles.ts'
import { hashPassword } from '../auth/passwords.ts'
import { newToken, secretMatches, splitToken } from '../auth/tokens.ts'
import type { InvitationRow, InvitationRows } from '../storage/invitations.ts'
import type { UserRows } from '../storage/users.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { Db } from '../storage/db.ts'
import { DomainError } from './errors.ts'
import { addMember } from './situations.ts'

export interface InvitationDeps {
  db: Db
  invitations: InvitationRows
  users: UserRows
  situations: SituationRows
  audit: AuditRows
}

export interface NewInvitation {
  role: Exclude<Role, 'coordinator'>
  name: string
  email?: string | null
  sector?: Sector | null
  organisation?: string
  mission?: string
  expiresInDays?: number
}

/** Single-use, expiring link for a role; only the secret's hash is stored. */
export function createInvitation(deps: InvitationDeps, situationId: string, input: NewInvitation, createdBy: string, now = new Date()) {
  const { id, token, hash } = newToken()
  const expiresAt = new Date(now.getTime() + (input.expiresInDays ?? 7) * 86_400_000).toISOString()
  deps.invitations.insert({
    id,
    tokenHash: hash,
    purpose: 'join',
    situationId,
    role: input.role,
    name: input.name,
    email: input.email ?? null,
    sector: input.sector ?? null,
    organisation: input.organisation ?? '',
    mission: input.mission ?? '',
    memberId: null,
    userId: null,
    createdBy,
    createdAt: now.toISOString(),
    expiresAt,
  })
  return { id, token, expiresAt }
}

/** A password reset is a new invitation, issued by the coordinator for a member's account. */
export function createResetInvitation(deps: InvitationDeps, situationId: string, memberId: string, createdBy: string, now = new Date()) {
  const member = deps.situations.memberById(situationId, memberId)
  if (!member || !member.userId) throw new DomainError(404, 'member with an account not found')
  // A reset hands over the whole account: a coordinator may issue one only
  // for an account whose every membership is in a situation they coordinate,
  // never to take over a professional's access to other people's plans.
  const elsewhere = deps.situations
    .membershipsOfUser(member.userId)
    .some((membership) => deps.situations.memberOfUser(membership.situationId, createdBy)?.role !== 'coordinator')
  if (elsewhere) throw new DomainError(403, 'this account is also a member elsewhere: its owner resets it from their own login or with another of its coordinators')
  const { id, token, hash } = newToken()
  const expiresAt = new Date(now.getTime() + 2 * 86_400_000).toISOString()
  deps.invitations.insert({
    id,
    tokenHash: hash,
    purpose: 'reset',
    situationId,
    role: member.role,
    name: member.name,
    email: null,
    sector: member.sector,
    organisation: member.organisation,
    mission: member.mission,
    memberId: member.id,
    userId: member.userId,
    createdBy,
    createdAt: now.toISOString(),
    expiresAt,
  })
  return { id, token, expiresAt }
}

export type InvitationState = 'valid' | 'invalid' | 'expired' | 'used'

/** Finds the invitation a token stands for; tampered and unknown tokens are both `invalid`. */
export function inspectInvitation(deps: Pick<InvitationDeps, 'invitations'>, token: string, now = new Date()): { state: InvitationState; invitation?: InvitationRow } {
  const parsed = splitToken(token)
  const invitation = parsed ? deps.invitations.byId(parsed.id) : undefined
  if (!parsed || !invitation || !secretMatches(parsed.secret, invitation.tokenHash)) return { state: 'invalid' }
  if (invitation.usedAt) return { state: 'used', invitation }
  if (new Date(invitation.expiresAt).getTime() <= now.getTime()) return { state: 'expired', invitation }
  return { state: 'valid', invitation }
}

export interface AcceptInput {
  password: string
  /** For people without e-mail: a login name. */
  login?: string
  email?: string
  name?: string
  /** An already logged-in user accepting a join invitation links it to their account. */
  currentUserId?: string | null
}

/**
 * Accepts an invitation once: a join creates the account (or uses the
 * logged-in one) and the membership; a reset sets a new password.
 */
export async function acceptInvitation(deps: InvitationDeps, token: string, input: AcceptInput, address: string, now = new Date()) {
  const { state, invitation } = inspectInvitation(deps, token, now)
  if (state === 'invalid' || !invitation) throw new DomainError(404, 'invalid invitation', { reason: 'invalid' })
  if (state !== 'valid') throw new DomainError(410, `invitation ${state}`, { reason: state })
  const passwordHash = await hashPassword(input.password)

  const userId = deps.db.transaction(() => {
    let userId: string
    if (invitation.purpose === 'reset') {
      userId = invitation.userId!
      deps.users.setPassword(userId, passwordHash)
    } else if (input.currentUserId) {
      userId = input.currentUserId
    } else {
      const email = input.email ?? invitation.email ?? null
      const login = input.login ?? null
      if (!email && !login) throw new DomainError(400, 'an e-mail or a login name is needed', { field: 'login' })
      if ((email && deps.users.byIdentifier(email)) || (login && deps.users.byIdentifier(login))) {
        throw new DomainError(409, 'this e-mail or login name is already taken', { field: email ? 'email' : 'login' })
      }
      userId = `user-${nanoid(12)}`
      deps.users.insert({ id: userId, email, login, name: input.name ?? invitation.name, passwordHash, createdAt: now.toISOString() })
    }
    if (!deps.invitations.markUsed(invitation.id, userId, now.toISOString())) throw new DomainError(410, 'invitation used', { reason: 'used' })
    if (invitation.purpose === 'join') {
      if (deps.situations.memberOfUser(invitation.situationId, userId)) throw new DomainError(409, 'already a member')
      addMember(deps, invitation.situationId, {
        userId,
        name: input.name ?? invitation.name,
        role: invitation.role as Role,
        sector: invitation.sector as Sector | null,
        organisation: invitation.organisation,
        mission: invitation.mission,
      }, now)
    }
    deps.audit.append({ situationId: invitation.situationId, userId, action: `invitation.${invitation.purpose}.accept`, target: invitation.id, address }, now)
    return userId
  })()
  return { userId, situationId: invitation.situationId, purpose: invitation.purpose }
}
