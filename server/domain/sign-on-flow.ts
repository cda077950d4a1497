import type { OidcRelyingParty, SignOnIdentity } from '../auth/oidc.ts'
import type { Sessions } from '../auth/sessions.ts'
import type { OidcPendingRow, OidcRows } from '../storage/oidc.ts'
import { accountForSignOn, type SignOnDeps } from './sign-on.ts'

/** A sign-on flow not finished within this time is forgotten. */
export const PENDING_SIGN_ON_TTL_MS = 10 * 60_000

export interface SignOnStart {
  purpose: OidcPendingRow['purpose']
  userId?: string | null
  invitationToken?: string | null
  personalDevice?: boolean
}

/**
 * Starts a sign-on at the provider: the flow's secrets (state, PKCE
 * verifier, nonce) are kept server-side until the callback; stale flows are
 * forgotten on the way.
 *
 * @returns the provider's URL to redirect to.
 */
export async function beginSignOn(deps: { oidc: OidcRows; rp: Pick<OidcRelyingParty, 'start'> }, start: SignOnStart, now = Date.now()): Promise<string> {
  await deps.oidc.purgePendingBefore(now - PENDING_SIGN_ON_TTL_MS)
  const flow = await deps.rp.start()
  await deps.oidc.savePending({
    state: flow.state,
    codeVerifier: flow.codeVerifier,
    nonce: flow.nonce,
    purpose: start.purpose,
    userId: start.userId ?? null,
    invitationToken: start.invitationToken ?? null,
    personalDevice: start.personalDevice ?? false,
    createdAt: now,
  })
  return flow.url
}

/** The flow a callback's `state` finishes, used once; undefined when unknown or too old. */
export async function takeSignOnFlow(deps: { oidc: OidcRows }, state: string, now = Date.now()): Promise<OidcPendingRow | undefined> {
  const pending = state ? await deps.oidc.takePending(state) : undefined
  return pending && now - pending.createdAt <= PENDING_SIGN_ON_TTL_MS ? pending : undefined
}

/**
 * A login by sign-on: the linked, active account, or null (refused and
 * audited: an identity that is not linked is never matched by e-mail).
 */
export async function signOnLogin(deps: SignOnDeps, identity: SignOnIdentity, address: string): Promise<string | null> {
  const userId = await accountForSignOn(deps, identity)
  if (!userId) await deps.audit.append({ situationId: null, userId: null, action: 'login.sso.unlinked', address })
  return userId
}

/** The session a sign-on opens; on a shared device unless the user said it is personal. */
export async function openSignOnSession(
  deps: { sessions: Pick<Sessions, 'create'> },
  userId: string,
  client: { personalDevice: boolean; address: string; userAgent: string | null },
): Promise<string> {
  return (await deps.sessions.create(userId, { sharedDevice: !client.personalDevice, address: client.address, userAgent: client.userAgent })).token
}
