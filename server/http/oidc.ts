import { Hono, type Context } from 'hono'
import type { OidcRelyingParty } from '../auth/oidc.ts'
import type { Sessions } from '../auth/sessions.ts'
import type { OidcRows } from '../domain/stores.ts'
import { accountForSignOn, linkSignOn, writeSignOnLink, type SignOnDeps } from '../domain/sign-on.ts'
import { beginSignOn, openSignOnSession, signOnLogin, takeSignOnFlow, type SignOnStart } from '../domain/sign-on-flow.ts'
import { acceptInvitation, inspectInvitation, type InvitationDeps } from '../domain/invitations.ts'
import { DomainError } from '../domain/errors.ts'
import type { AppEnv } from './context.ts'
import { HttpError } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { setSessionCookie } from './session-cookie.ts'

export interface OidcRoutesDeps extends SignOnDeps, InvitationDeps {
  rp: OidcRelyingParty
  oidc: OidcRows
  sessions: Sessions
  publicOrigin: string | null
  onLogin?: (event: { userId: string; address: string }) => void
}

/**
 * Single sign-on (OpenID Connect, authorization code + PKCE):
 * - `GET /api/auth/oidc/start?personal=0|1` logs in a linked account;
 * - `GET /api/auth/oidc/link` (logged in) links the provider's identity to this account;
 * - `GET /api/auth/oidc/invitation/:token` accepts an invitation by sign-on (new accounts only);
 * - `GET /api/auth/oidc/callback` (OIDC_REDIRECT_URI) finishes all three.
 * An identity that is not linked is refused (`/?sso=unlinked`), never matched by e-mail.
 */
export function oidcRoutes(deps: OidcRoutesDeps) {
  const begin = async (c: Context<AppEnv>, pending: SignOnStart) => {
    return c.redirect(await beginSignOn(deps, pending), 302)
  }
  const openSession = async (c: Context<AppEnv>, userId: string, personalDevice: boolean) => {
    const address = remoteAddress(c)
    const token = await openSignOnSession(deps, userId, { personalDevice, address, userAgent: c.req.header('user-agent') ?? null })
    setSessionCookie(c, token, { inactivityTimeoutMs: deps.sessions.inactivityTimeoutMs, publicOrigin: deps.publicOrigin, sharedDevice: !personalDevice })
    deps.onLogin?.({ userId, address })
  }

  return new Hono<AppEnv>()
    .get('/auth/oidc/start', (c) => begin(c, { purpose: 'login', personalDevice: c.req.query('personal') === '1' }))
    .get('/auth/oidc/link', (c) => {
      const user = c.get('user')
      if (!user) throw new HttpError(401, 'authentication required')
      return begin(c, { purpose: 'link', userId: user.id, personalDevice: !(c.get('session')?.sharedDevice ?? true) })
    })
    .get('/auth/oidc/invitation/:token', async (c) => {
      const token = c.req.param('token')
      const { state } = await inspectInvitation(deps, token)
      if (state !== 'valid') return c.redirect(`/invitation/${encodeURIComponent(token)}`, 302)
      return begin(c, { purpose: 'invitation', invitationToken: token })
    })
    .get('/auth/oidc/callback', async (c) => {
      const url = new URL(c.req.url)
      const state = url.searchParams.get('state') ?? ''
      const pending = await takeSignOnFlow(deps, state)
      if (!pending) return c.redirect('/?sso=failed', 302)
      const log = c.get('log')
      let identity
      try {
        identity = await deps.rp.finish(url.search, pending)
      } catch (error) {
        log.warn('sign-on refused', { reason: (error as Error).message.slice(0, 120) })
        return c.redirect(pending.purpose === 'link' ? '/#/compte?sso=failed' : '/?sso=failed', 302)
      }
      const address = remoteAddress(c)
      if (pending.purpose === 'login') {
        const userId = await signOnLogin(deps, identity, address)
        if (!userId) return c.redirect('/?sso=unlinked', 302)
        await openSession(c, userId, pending.personalDevice)
        return c.redirect('/', 302)
      }
      if (pending.purpose === 'link') {
        // The account proved itself twice: the session that started the flow and the one that ends it.
        const user = c.get('user')
        if (!user || user.id !== pending.userId) return c.redirect('/?sso=failed', 302)
        try {
          await linkSignOn(deps, user.id, identity, address)
        } catch (error) {
          if (error instanceof DomainError) return c.redirect('/#/compte?sso=taken', 302)
          throw error
        }
        return c.redirect('/#/compte?sso=linked', 302)
      }
      const token = pending.invitationToken ?? ''
      if (await accountForSignOn(deps, identity)) return c.redirect(`/invitation/${encodeURIComponent(token)}?sso=taken`, 302)
      try {
        // The link is written inside the invitation's transaction; its audit row once that has committed.
        let linked = false
        const result = await acceptInvitation(deps, token, { signOn: { link: async (userId, at, oidc) => void (linked = await writeSignOnLink({ ...deps, oidc }, userId, identity, at)) } }, address)
        if (linked) await deps.audit.append({ situationId: null, userId: result.userId, action: 'account.sso.link', address })
        await openSession(c, result.userId, false)
        return c.redirect('/', 302)
      } catch (error) {
        if (error instanceof DomainError) {
          const reason = (error.details?.reason as string | undefined) ?? 'failed'
          return c.redirect(`/invitation/${encodeURIComponent(token)}?sso=${encodeURIComponent(reason)}`, 302)
        }
        throw error
      }
    })
}
