import { Hono } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { z } from 'zod'
import type { Sessions } from '../auth/sessions.ts'
import { hashPassword, verifyPassword } from '../auth/passwords.ts'
import type { UserRows } from '../domain/stores.ts'
import type { SituationRows } from '../domain/stores.ts'
import type { AuditRows } from '../domain/stores.ts'
import type { LiveDocuments } from '../domain/live-documents.ts'
import type { InvitationRows } from '../domain/stores.ts'
import type { OidcRows } from '../domain/stores.ts'
import { closeSessionConnections } from '../domain/revocation.ts'
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
  oidcProvider?: { issuer: string; label: string } | null
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
    .get('/email/confirm', (c) => {
      if (!deps.emailChange) throw new HttpError(404, 'not found')
      try {
        confirmEmailChange(deps.emailChange, c.req.query('token') ?? '', remoteAddress(c))
        return c.redirect('/#/compte?email=confirmed', 302)
      } catch {
        return c.redirect('/#/compte?email=invalid', 302)
      }
    })
    .use('/me/*', requireUser)
    .use('/users/*', requireUser)
    .get('/me/account', (c) => {
      const user = c.get('user')!
      const provider = deps.oidcProvider ?? null
      const link = provider ? deps.oidc?.ofUser(user.id).find((l) => l.issuer === provider.issuer) : undefined
      return c.json({
        id: user.id,
        name: user.name,
        email: user.email,
        login: user.login,
        emailVerified: Boolean(user.email && user.emailVerifiedAt),
        hasPassword: Boolean(user.passwordHash),
        sharedDevice: c.get('session')?.sharedDevice ?? false,
        sso: provider ? { label: provider.label, linked: Boolean(link), linkedAt: link?.linkedAt ?? null, rpps: link?.rpps ?? null } : null,
      })
    })
    .patch('/me/account', async (c) => {
      const user = c.get('user')!
      const { name } = await readJson(c, profileBody)
      deps.users.setName(user.id, name)
      deps.audit.append({ situationId: null, userId: user.id, action: 'account.name', address: remoteAddress(c) })
      return c.json({ id: user.id, name })
    })
    .post('/me/email', async (c) => {
      if (!deps.emailChange) throw new HttpError(404, 'not found')
      const body = await readJson(c, emailBody)
      const origin = deps.publicOrigin ?? new URL(c.req.url).origin
      const result = await requestEmailChange(deps.emailChange, c.get('user')!, body, { origin, address: remoteAddress(c) })
      return c.json(result, 202)
    })
    .get('/me/sessions', (c) => {
      const user = c.get('user')!
      const current = c.get('session')!.id
      return c.json(deps.sessions.list(user.id).map(({ id, ...rest }) => ({ ...rest, current: id === current, id: id === current ? 'current' : id.slice(0, 6) })))
    })
    .post('/me/sessions/logout-everywhere', async (c) => {
      const user = c.get('user')!
      const session = c.get('session')!
      const { includingThis = false } = await readJson(c, everywhereBody)
      if (includingThis) {
        deps.sessions.invalidateAllForUser(user.id)
        closeSessionConnections(deps.rooms, { userId: user.id })
        deleteCookie(c, SESSION_COOKIE, { path: '/' })
      } else {
        deps.sessions.invalidateOthers(user.id, session.id)
        closeSessionConnections(deps.rooms, { userId: user.id })
      }
      deps.audit.append({ situationId: null, userId: user.id, action: 'account.logout-everywhere', address: remoteAddress(c) })
      return c.body(null, 204)
    })
    .delete('/me/sso', (c) => {
      const user = c.get('user')!
      const provider = deps.oidcProvider
      if (!provider || !deps.oidc) throw new HttpError(404, 'no sign-on provider')
      // Never leave an account without any way in.
      if (!user.passwordHash) throw new HttpError(409, 'set a password before unlinking the sign-on')
      deps.oidc.unlink(user.id, provider.issuer)
      deps.audit.append({ situationId: null, userId: user.id, action: 'account.sso.unlink', address: remoteAddress(c) })
      return c.body(null, 204)
    })
    .post('/me/password', async (c) => {
      const user = c.get('user')!
      const { currentPassword, newPassword } = await readJson(c, passwordBody)
      if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new HttpError(400, 'the current password is wrong', { field: 'currentPassword' })
      }
      deps.users.setPassword(user.id, await hashPassword(newPassword))
      // A reset link made before the change would undo it: revoked.
      deps.invitations?.revokeResetsOfUser(user.id, user.id, 'password changed', new Date().toISOString())
      // Every session of this account ends, this one included: whoever knew
      // the old password is out, and the owner logs in again with the new one.
      deps.sessions.invalidateAllForUser(user.id)
      closeSessionConnections(deps.rooms, { userId: user.id })
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      deps.audit.append({ situationId: null, userId: user.id, action: 'account.password', address: remoteAddress(c) })
      return c.json({ ok: true, reloginRequired: true })
    })
    .post('/users/:userId/deactivate', (c) => {
      const actor = c.get('user')!
      const targetId = c.req.param('userId')
      const memberships = deps.situations.membershipsOfUser(targetId)
      // Oneself, or a coordinator of every situation the account belongs to.
      const allowed =
        targetId === actor.id ||
        (memberships.length > 0 && memberships.every((m) => deps.situations.memberOfUser(m.situationId, actor.id)?.role === 'coordinator'))
      if (!allowed) throw new HttpError(404, 'not found')
      deps.users.deactivate(targetId, new Date().toISOString())
      deps.sessions.invalidateAllForUser(targetId)
      closeSessionConnections(deps.rooms, { userId: targetId })
      deps.invitations?.revokeResetsOfUser(targetId, actor.id, 'account deactivated', new Date().toISOString())
      deps.audit.append({ situationId: null, userId: actor.id, action: 'account.deactivate', target: targetId, address: remoteAddress(c) })
      if (targetId === actor.id) deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.body(null, 204)
    })
}
