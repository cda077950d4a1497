import { nanoid } from 'nanoid'
import type { Role, Sector } from '../../shared/domain/roles.ts'
import { hashPassword, verifyPassword } from '../auth/passwords.ts'
import { newToken, secretMatches, splitToken } from '../auth/tokens.ts'
import { createInvitationRows, type InvitationRow, type InvitationRows } from '../storage/invitations.ts'
import { createOidcRows, type OidcRows } from '../storage/oidc.ts'
import { createUserRows, type UserRows } from '../storage/users.ts'
import { createSituationRows, type SituationRows } from '../storage/situations.ts'
import { createAuditRows, type AuditRows } from '../storage/audit.ts'
import type { SqlDb } from '../storage/sql/schema.ts'
import { DomainError } from './errors.ts'
import { addMember } from './situations.ts'

/**
 * Invitations and reset links (issue 14): each names the address or login
 * name it was sent to (a reset, the account) and is used only as that; it is
 * single-use, short-lived, revocable, and every rule checked when it was made
 * is checked again when it is used.
 */
export interface InvitationDeps {
  /** The data layer: accepting an invitation is one transaction on it. */
  sql: SqlDb
  invitations: InvitationRows
  users: UserRows
  situations: SituationRows
  audit: AuditRows
}

export interface NewInvitation {
  role: Exclude<Role, 'coordinator'>
  name: string
  /** The address the invitation is sent to; or `login` for someone without e-mail. One is required. */
  email?: string | null
  login?: string | null
  sector?: Sector | null
  organisation?: string
  mission?: string
  expiresInDays?: number
  /** False when only a mail carried the link (SMTP): accepting it then proves the address. */
  linkHanded?: boolean
}

const RESET_LIFETIME_MS = 24 * 3600_000

const isCoordinator = async (deps: Pick<InvitationDeps, 'situations'>, situationId: string, userId: string): Promise<boolean> =>
  (await deps.situations.memberOfUser(situationId, userId))?.role === 'coordinator'

/** Single-use, expiring link for a role, bound to an address or a login name; only the secret's hash is stored. */
export async function createInvitation(deps: InvitationDeps, situationId: string, input: NewInvitation, createdBy: string, now = new Date()) {
  const email = input.email?.trim().toLowerCase() || null
  const login = email ? null : input.login?.trim() || null
  if (!email && !login) throw new DomainError(400, 'an invitation names the e-mail or the login name it is for', { field: 'email' })
  const { id, token, hash } = newToken()
  const expiresAt = new Date(now.getTime() + (input.expiresInDays ?? 7) * 86_400_000).toISOString()
  await deps.invitations.insert({
    id,
    tokenHash: hash,
    purpose: 'join',
    situationId,
    role: input.role,
    name: input.name,
    email,
    login,
    sector: input.sector ?? null,
    organisation: input.organisation ?? '',
    mission: input.mission ?? '',
    memberId: null,
    userId: null,
    createdBy,
    createdAt: now.toISOString(),
    expiresAt,
    linkHanded: input.linkHanded ?? true,
  })
  return { id, token, expiresAt }
}

/**
 * A reset hands over the whole account: a coordinator may issue one only for
 * an account whose every membership is in a situation they coordinate, never
 * to take over a professional's access to other people's plans. Checked when
 * the link is made and again when it is used.
 */
async function resetAllowed(deps: Pick<InvitationDeps, 'situations'>, userId: string, issuer: string): Promise<boolean> {
  const memberships = await deps.situations.membershipsOfUser(userId)
  return (await Promise.all(memberships.map((membership) => isCoordinator(deps, membership.situationId, issuer)))).every(Boolean)
}

/** A password reset link, issued by the coordinator for a member's account. */
export async function createResetInvitation(deps: InvitationDeps, situationId: string, memberId: string, createdBy: string, now = new Date()) {
  const member = await deps.situations.memberById(situationId, memberId)
  if (!member || !member.userId || member.removedAt) throw new DomainError(404, 'member with an account not found')
  if (!(await resetAllowed(deps, member.userId, createdBy))) {
    throw new DomainError(403, 'this account is also a member elsewhere: its owner resets it from their own login or with another of its coordinators')
  }
  const { id, token, hash } = newToken()
  const expiresAt = new Date(now.getTime() + RESET_LIFETIME_MS).toISOString()
  await deps.invitations.insert({
    id,
    tokenHash: hash,
    purpose: 'reset',
    situationId,
    role: member.role,
    name: member.name,
    email: null,
    login: null,
    sector: member.sector,
    organisation: member.organisation,
    mission: member.mission,
    memberId: member.id,
    userId: member.userId,
    createdBy,
    createdAt: now.toISOString(),
    expiresAt,
    linkHanded: true,
  })
  return { id, token, expiresAt }
}

export type InvitationState = 'valid' | 'invalid' | 'expired' | 'used' | 'revoked'
/** The life cycle shown to the coordinator. */
export type InvitationListState = 'sent' | 'opened' | 'used' | 'expired' | 'revoked'

export function listState(invitation: InvitationRow, now = new Date()): InvitationListState {
  if (invitation.usedAt) return 'used'
  if (invitation.revokedAt) return 'revoked'
  if (new Date(invitation.expiresAt).getTime() <= now.getTime()) return 'expired'
  return invitation.openedAt ? 'opened' : 'sent'
}

/** Finds the invitation a token stands for; tampered and unknown tokens are both `invalid`. */
export async function inspectInvitation(
  deps: Pick<InvitationDeps, 'invitations'>,
  token: string,
  now = new Date(),
): Promise<{ state: InvitationState; invitation?: InvitationRow }> {
  const parsed = splitToken(token)
  const invitation = parsed ? await deps.invitations.byId(parsed.id) : undefined
  if (!parsed || !invitation || !secretMatches(parsed.secret, invitation.tokenHash)) return { state: 'invalid' }
  if (invitation.usedAt) return { state: 'used', invitation }
  if (invitation.revokedAt) return { state: 'revoked', invitation }
  if (new Date(invitation.expiresAt).getTime() <= now.getTime()) return { state: 'expired', invitation }
  return { state: 'valid', invitation }
}

/**
 * Re-runs, at use, every rule checked when the link was made. A link whose
 * rules no longer hold is revoked (so the coordinator sees why) and refused.
 */
export async function recheckInvitation(deps: InvitationDeps, invitation: InvitationRow, now = new Date()): Promise<void> {
  const refuse = async (reason: string): Promise<never> => {
    await deps.invitations.revoke(invitation.id, 'system', reason, now.toISOString())
    throw new DomainError(410, 'invitation revoked', { reason: 'revoked' })
  }
  const situation = await deps.situations.situationById(invitation.situationId)
  if (!situation) await refuse('situation gone')
  if (!(await isCoordinator(deps, invitation.situationId, invitation.createdBy))) await refuse('issuer no longer coordinates')
  if (invitation.purpose === 'join') {
    if (situation!.status !== 'open') await refuse('situation closed')
    if (!invitation.email && !invitation.login) await refuse('names no address')
    return
  }
  const userId = invitation.userId!
  const member = invitation.memberId ? await deps.situations.memberById(invitation.situationId, invitation.memberId) : undefined
  if (!member || member.removedAt || member.userId !== userId) await refuse('member gone')
  if (!(await resetAllowed(deps, userId, invitation.createdBy))) await refuse('member elsewhere')
  // Any membership of the account that began or ended after the link was
  // made is a change of what the link would hand over.
  if (await deps.situations.membershipChangedSince(userId, invitation.createdAt)) await refuse('memberships changed')
}

/** Revokes an account's outstanding reset links after a change of its memberships, password or e-mail. */
export async function revokeResetLinks(deps: Pick<InvitationDeps, 'invitations'>, userId: string, reason: string, by = 'system', now = new Date()): Promise<number> {
  return deps.invitations.revokeResetsOfUser(userId, by, reason, now.toISOString())
}

/** The coordinator revokes an invitation or a reset link of their situation. */
export async function revokeInvitation(deps: InvitationDeps, situationId: string, invitationId: string, by: string, address: string, now = new Date()): Promise<InvitationRow> {
  const invitation = await deps.invitations.byId(invitationId)
  if (!invitation || invitation.situationId !== situationId) throw new DomainError(404, 'invitation not found')
  if (invitation.usedAt) throw new DomainError(409, 'invitation already used')
  if (!invitation.revokedAt) {
    await deps.invitations.revoke(invitation.id, by, 'revoked by the coordinator', now.toISOString())
    await deps.audit.append({ situationId, userId: by, action: `invitation.${invitation.purpose}.revoke`, target: invitation.id, address }, now)
  }
  return (await deps.invitations.byId(invitationId))!
}

export interface AcceptInput {
  /** A new account's password, or the password of the existing account the invitation names. */
  password?: string
  name?: string
  /** The logged-in account, if any: it must be the one the invitation names. */
  currentUserId?: string | null
  /**
   * Accepting through single sign-on instead of a password: only for a new
   * account (an existing one proves itself by its password, then links the
   * sign-on from its account page). Called inside the transaction, with the
   * sign-on rows built on it.
   */
  signOn?: { link(userId: string, at: string, oidc: OidcRows): Promise<void> }
}

/**
 * Accepts an invitation once, only as the address or login name it names:
 * a join creates that account (or, when it exists, proves it by its password
 * or its session) and adds the membership; a reset sets a new password.
 * The e-mail is proven when only a mail carried the link.
 */
export async function acceptInvitation(deps: InvitationDeps, token: string, input: AcceptInput, address: string, now = new Date()) {
  const { state, invitation } = await inspectInvitation(deps, token, now)
  if (state === 'invalid' || !invitation) throw new DomainError(404, 'invalid invitation', { reason: 'invalid' })
  if (state !== 'valid') throw new DomainError(410, `invitation ${state}`, { reason: state })
  await recheckInvitation(deps, invitation, now)

  let passwordHash: string | null = null
  let existingId: string | null = null
  if (invitation.purpose === 'reset') {
    if (!input.password) throw new DomainError(400, 'a new password is needed', { field: 'password' })
    passwordHash = await hashPassword(input.password)
  } else {
    const identifier = (invitation.email ?? invitation.login)!
    const existing = await deps.users.byIdentifier(identifier)
    if (existing && input.signOn) {
      throw new DomainError(409, 'an account already has this address: log in with its password, then link the sign-on from your account page', { reason: 'existingAccount' })
    }
    if (existing) {
      if (existing.deactivatedAt) throw new DomainError(403, 'this account is deactivated', { reason: 'deactivated' })
      if (input.currentUserId && input.currentUserId !== existing.id) {
        throw new DomainError(403, 'this invitation was sent to another address', { reason: 'otherAccount' })
      }
      if (input.currentUserId !== existing.id) {
        const ok = Boolean(input.password && existing.passwordHash && (await verifyPassword(existing.passwordHash, input.password)))
        if (!ok) throw new DomainError(401, 'the password of the account this invitation names is needed', { field: 'password', reason: 'password' })
      }
      existingId = existing.id
    } else {
      if (input.currentUserId) throw new DomainError(403, 'this invitation was sent to another address', { reason: 'otherAccount' })
      if (!input.signOn) {
        if (!input.password) throw new DomainError(400, 'a password is needed', { field: 'password' })
        passwordHash = await hashPassword(input.password)
      }
    }
  }

  const at = now.toISOString()
  const proven = invitation.purpose === 'join' && invitation.email !== null && !invitation.linkHanded
  // One transaction for the account, the invitation and the membership, on the data layer; its body
  // awaits only its own queries (the password was hashed above), so on SQLite it holds the shared
  // connection for one turn.
  const result = await deps.sql.transaction().execute(async (trx) => {
    const users = createUserRows(trx)
    const invitations = createInvitationRows(trx)
    const situations = createSituationRows(trx)
    const userId = invitation.purpose === 'reset' ? invitation.userId! : (existingId ?? `user-${nanoid(12)}`)
    const created = invitation.purpose === 'join' && !existingId
    // Marked used first: the link is spent before it changes anything, so two accepts never both act.
    if (!(await invitations.markUsed(invitation.id, userId, at))) throw new DomainError(410, 'invitation used', { reason: 'used' })
    if (invitation.purpose === 'reset') {
      await users.setPassword(userId, passwordHash!)
    } else if (existingId) {
      if (proven) await users.markEmailVerified(userId, invitation.email!, at)
    } else {
      await users.insert({
        id: userId,
        email: invitation.email,
        login: invitation.login,
        name: input.name ?? invitation.name,
        passwordHash,
        createdAt: at,
        emailVerifiedAt: proven ? at : null,
      })
      await input.signOn?.link(userId, at, createOidcRows(trx))
    }
    if (invitation.purpose === 'join') {
      if (await situations.memberOfUser(invitation.situationId, userId)) throw new DomainError(409, 'already a member')
      await addMember({ situations }, invitation.situationId, {
        userId,
        name: input.name ?? invitation.name,
        role: invitation.role as Role,
        sector: invitation.sector as Sector | null,
        organisation: invitation.organisation,
        mission: invitation.mission,
      }, now)
    }
    // A new membership or a new password: older reset links would hand over something else.
    await revokeResetLinks({ invitations }, userId, invitation.purpose === 'join' ? 'memberships changed' : 'password changed', 'system', now)
    await createAuditRows(trx).append({ situationId: invitation.situationId, userId, action: `invitation.${invitation.purpose}.accept`, target: invitation.id, address }, now)
    return { userId, created }
  })
  return { ...result, situationId: invitation.situationId, purpose: invitation.purpose }
}
