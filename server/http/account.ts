import { Hono } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { z } from 'zod'
import type { Sessions } from '../auth/sessions.ts'
import { hashPassword, verifyPassword } from '../auth/passwords.ts'
import type { UserRows } from '../storage/users.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { RoomRegistry } from '../sync/rooms.ts'
import type { InvitationRows } from '../storage/invitations.ts'
import { closeSessionConnections } from '../domain/revocation.ts'
import { readJson } from './body.ts'
import { SESSION_COOKIE, type AppEnv } from './context.ts'
import { HttpError } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'

const passwordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(8).max(1024) })

/** Password change and account deactivation. */
export function accountRoutes(deps: { users: UserRows; sessions: Sessions; situations: SituationRows; audit: AuditRows; rooms: RoomRegistry; invitations?: InvitationRows }) {
  return new Hono<AppEnv>()
    .use('/me/*', requireUser)
    .use('/users/*', requireUser)
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
      deps.audit.append({ situationId: null, userId: actor.id, action: 'account.deactivate', target: targetId, address: remoteAddress(c) })
      if (targetId === actor.id) deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.body(null, 204)
    })
}
