import type { SignOnIdentity } from '../auth/oidc.ts'
import type { OidcRows } from '../storage/oidc.ts'
import type { UserRows } from '../storage/users.ts'
import type { AuditRows } from '../storage/audit.ts'
import { DomainError } from './errors.ts'

/**
 * Accounts and single sign-on: an account is reached by the provider's
 * subject (or its RPPS identifier) only once a link was made, by a user who
 * proved the account (logged in, "Lier mon compte") or through an invitation
 * that created it. Never by e-mail alone: a provider's e-mail claim is not
 * read at all.
 */
export interface SignOnDeps {
  oidc: OidcRows
  users: UserRows
  audit: AuditRows
}

/** The linked, active account of a sign-on identity, or null (refused: not linked). */
export async function accountForSignOn(deps: SignOnDeps, identity: SignOnIdentity): Promise<string | null> {
  const link = (await deps.oidc.bySubject(identity.issuer, identity.subject)) ?? (identity.rpps ? await deps.oidc.byRpps(identity.issuer, identity.rpps) : undefined)
  if (!link) return null
  const user = await deps.users.byId(link.userId)
  return user && !user.deactivatedAt ? user.id : null
}

/**
 * Writes the link of a sign-on identity to an account (also inside
 * acceptInvitation's transaction, on its handle); true when a new link was
 * written, which the caller audits once committed.
 */
export async function writeSignOnLink(deps: Pick<SignOnDeps, 'oidc'>, userId: string, identity: SignOnIdentity, at = new Date().toISOString()): Promise<boolean> {
  const taken = await deps.oidc.bySubject(identity.issuer, identity.subject)
  if (taken && taken.userId !== userId) throw new DomainError(409, 'this sign-on is already linked to another account', { reason: 'taken' })
  if (taken) return false
  // One link per provider and account: a new one replaces the old.
  await deps.oidc.unlink(userId, identity.issuer)
  await deps.oidc.link({ issuer: identity.issuer, subject: identity.subject, userId, rpps: identity.rpps, linkedAt: at })
  return true
}

/** Links a sign-on identity to an account its owner just proved. */
export async function linkSignOn(deps: SignOnDeps, userId: string, identity: SignOnIdentity, address: string, at = new Date().toISOString()): Promise<void> {
  if (await writeSignOnLink(deps, userId, identity, at)) await deps.audit.append({ situationId: null, userId, action: 'account.sso.link', address })
}

/**
 * Unlinks the account from the provider. Never leaves an account without any
 * way in: one without a password keeps its sign-on (409).
 */
export async function unlinkSignOn(deps: SignOnDeps, user: { id: string; passwordHash: string | null }, issuer: string, address: string): Promise<void> {
  if (!user.passwordHash) throw new DomainError(409, 'set a password before unlinking the sign-on')
  await deps.oidc.unlink(user.id, issuer)
  await deps.audit.append({ situationId: null, userId: user.id, action: 'account.sso.unlink', address })
}
