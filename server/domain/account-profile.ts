import type { AuditRows } from '../storage/audit.ts'
import type { OidcRows } from '../storage/oidc.ts'
import type { UserRow, UserRows } from '../storage/users.ts'
import type { AccountInfo } from '../../shared/api/me.ts'

/** The configured sign-on provider, as the account page names it. */
export interface SignOnProvider {
  issuer: string
  label: string
}

export interface AccountSummaryDeps {
  oidc?: OidcRows
  oidcProvider?: SignOnProvider | null
}

/**
 * What "Mon compte" shows of an account: never its password hash, only
 * whether it has one (so the page can say that unlinking the sign-on needs a
 * password first); the sign-on link only when a provider is configured.
 *
 * @example accountSummary({ oidc, oidcProvider }, user, { sharedDevice: false })
 */
export async function accountSummary(deps: AccountSummaryDeps, user: UserRow, session: { sharedDevice?: boolean } | null | undefined): Promise<AccountInfo> {
  const provider = deps.oidcProvider ?? null
  const link = provider ? (await deps.oidc?.ofUser(user.id))?.find((l) => l.issuer === provider.issuer) : undefined
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    login: user.login,
    emailVerified: Boolean(user.email && user.emailVerifiedAt),
    hasPassword: Boolean(user.passwordHash),
    sharedDevice: session?.sharedDevice ?? false,
    sso: provider ? { label: provider.label, linked: Boolean(link), linkedAt: link?.linkedAt ?? null, rpps: link?.rpps ?? null } : null,
  }
}

/** The account's display name, changed by its owner and audited. */
export async function renameAccount(deps: { users: UserRows; audit: AuditRows }, userId: string, name: string, address: string): Promise<{ id: string; name: string }> {
  await deps.users.setName(userId, name)
  await deps.audit.append({ situationId: null, userId, action: 'account.name', address })
  return { id: userId, name }
}
