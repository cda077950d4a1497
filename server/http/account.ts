import { Hono } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { z } from 'zod'
import type { Sessions } from '../auth/sessions.ts'
import type { AuditRows, InvitationRows, OidcRows, SituationRows, UserRows } from '../domain/stores.ts'
import type { LiveDocuments } from '../domain/live-documents.ts'
import { accountSummary, renameAccount, type SignOnProvider } from '../domain/account-profile.ts'
import { listAccountSessions, logOutEverywhere } from '../domain/account-sessions.ts'
import { changePassword } from '../domain/account-password.ts'
import { deactivateAccount } from '../domain/account-deactivation.ts'
import { unlinkSignOn } from '../domain/sign-on.ts'
import { confirmEmailChange, requestEmailChange, type EmailChangeDeps } from '../domain/email-change.ts'
import { readJson } from './body.ts'
import { SESSION_COOKIE, type AppEnv } from './context.ts'
import { HttpError } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'

const passwordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(8).max(1024) })
const profileBody = z.object({ name: z.string().trim().min(1).max(200) })
const everywhereBody = z.object({ includingThis: z.boolean().optional() })
const emailBody = z.object({ email: z.string().trim().email().max(320), password: z.string().min(1).max(1024) })

export interface AccountDeps {
  users: UserRows
  sessions: Sessions
  situations: SituationRows
  audit: AuditRows
  rooms: LiveDocuments
  invitations?: InvitationRows
  oidc?: OidcRows
  /** The configured sign-on provider, to show its link on the account page. */
  oidcProvider?: SignOnProvider | null
  /** E-mail change with a link mailed to the new address. */
  emailChange?: EmailChangeDeps
  publicOrigin?: string | null
}

/**
 * "Mon compte": name, e-mail, password change, linked sign-on, active
 * sessions and "Se déconnecter partout"; and account deactivation.
 */
export function accountRoutes(deps: AccountDeps) {
  return new Hono<AppEnv>()
    // Opened from the mail, maybe in another browser: the signed link alone is the proof.
    .get('/email/confirm', async (c) => {
      if (!deps.emailChange) throw new HttpError(404, 'not found')
      try {
        await confirmEmailChange(deps.emailChange, c.req.query('token') ?? '', remoteAddress(c))
        return c.redirect('/#/compte?email=confirmed', 302)
      } catch {
        return c.redirect('/#/compte?email=invalid', 302)
      }
    })
    .use('/me/*', requireUser)
    .use('/users/*', requireUser)
    .get('/me/account', (c) => c.json(accountSummary(deps, c.get('user')!, c.get('session'))))
    .patch('/me/account', async (c) => {
      const { name } = await readJson(c, profileBody)
      return c.json(await renameAccount(deps, c.get('user')!.id, name, remoteAddress(c)))
    })
    .post('/me/email', async (c) => {
      if (!deps.emailChange) throw new HttpError(404, 'not found')
      const body = await readJson(c, emailBody)
      const origin = deps.publicOrigin ?? new URL(c.req.url).origin
      const result = await requestEmailChange(deps.emailChange, c.get('user')!, body, { origin, address: remoteAddress(c) })
      return c.json(result, 202)
    })
    .get('/me/sessions', async (c) => c.json(await listAccountSessions(deps, c.get('user')!.id, c.get('session')!.id)))
    .post('/me/sessions/logout-everywhere', async (c) => {
      const { includingThis = false } = await readJson(c, everywhereBody)
      await logOutEverywhere(deps, c.get('user')!.id, c.get('session')!.id, includingThis, remoteAddress(c))
      if (includingThis) deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.body(null, 204)
    })
    .delete('/me/sso', async (c) => {
      const provider = deps.oidcProvider
      if (!provider || !deps.oidc) throw new HttpError(404, 'no sign-on provider')
      await unlinkSignOn({ ...deps, oidc: deps.oidc }, c.get('user')!, provider.issuer, remoteAddress(c))
      return c.body(null, 204)
    })
    .post('/me/password', async (c) => {
      const body = await readJson(c, passwordBody)
      await changePassword(deps, c.get('user')!, body, remoteAddress(c))
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.json({ ok: true, reloginRequired: true })
    })
    .post('/users/:userId/deactivate', async (c) => {
      const actor = c.get('user')!
      const targetId = c.req.param('userId')
      await deactivateAccount(deps, actor.id, targetId, remoteAddress(c))
      if (targetId === actor.id) deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.body(null, 204)
    })
}
