import { Hono } from 'hono'
import { z } from 'zod'
import { ROLES, SECTORS } from '../../shared/domain/roles.ts'
import type { AccessService } from '../auth/access.ts'
import type { Sessions } from '../auth/sessions.ts'
import { acceptInvitation, createInvitation, createResetInvitation, inspectInvitation, type InvitationDeps } from '../domain/invitations.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { setSessionCookie } from './session-cookie.ts'
import type { RoomRegistry } from '../sync/rooms.ts'
import { closeSessionConnections } from '../domain/revocation.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { authorizeSituation } from './situation-access.ts'

const inviteBody = z.object({
  role: z.enum(ROLES).exclude(['coordinator']),
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email().max(320).optional(),
  sector: z.enum(SECTORS).nullable().optional(),
  organisation: z.string().trim().max(200).optional(),
  mission: z.string().trim().max(500).optional(),
  expiresInDays: z.number().int().min(1).max(30).optional(),
})

/** A password or a simple passphrase: length matters more than symbols. */
const password = z.string().min(8, 'at least 8 characters').max(1024)
const acceptBody = z.object({
  password,
  login: z.string().trim().min(3).max(64).regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dot, dash or underscore').optional(),
  email: z.string().trim().email().max(320).optional(),
  name: z.string().trim().min(1).max(200).optional(),
})

/** Invitations: issued by the coordinator, opened and accepted by the invitee. */
export function invitationRoutes(deps: InvitationDeps & { access: AccessService; sessions: Sessions; rooms: RoomRegistry; publicOrigin: string | null }) {
  const link = (token: string) => `/invitation/${token}`
  return new Hono<AppEnv>()
    .post('/situations/:id/invitations', requireUser, async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'invite')
      const body = await readJson(c, inviteBody)
      const invitation = createInvitation(deps, situation.id, body, c.get('user')!.id)
      deps.audit.append({ situationId: situation.id, userId: c.get('user')!.id, action: 'invitation.create', target: invitation.id, detail: { role: body.role }, address: remoteAddress(c) })
      return c.json({ id: invitation.id, token: invitation.token, url: link(invitation.token), expiresAt: invitation.expiresAt, role: body.role, name: body.name }, 201)
    })
    .post('/situations/:id/members/:memberId/reset-invitation', requireUser, (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      const invitation = createResetInvitation(deps, situation.id, c.req.param('memberId'), c.get('user')!.id)
      deps.audit.append({ situationId: situation.id, userId: c.get('user')!.id, action: 'invitation.reset.create', target: c.req.param('memberId'), address: remoteAddress(c) })
      return c.json({ id: invitation.id, token: invitation.token, url: link(invitation.token), expiresAt: invitation.expiresAt }, 201)
    })
    .get('/invitations/:token', (c) => {
      const { state, invitation } = inspectInvitation(deps, c.req.param('token'))
      if (state === 'invalid' || !invitation) return c.json({ error: 'invalid invitation', reason: 'invalid' }, 404)
      if (state !== 'valid') return c.json({ error: `invitation ${state}`, reason: state }, 410)
      const situation = deps.situations.situationById(invitation.situationId)
      return c.json({
        purpose: invitation.purpose,
        role: invitation.role,
        name: invitation.name,
        email: invitation.email,
        situationTitle: situation?.title ?? '',
        expiresAt: invitation.expiresAt,
      })
    })
    .post('/invitations/:token/accept', async (c) => {
      const body = await readJson(c, acceptBody)
      const current = c.get('user')
      const result = await acceptInvitation(deps, c.req.param('token'), { ...body, currentUserId: current?.id ?? null }, remoteAddress(c))
      if (result.purpose === 'reset') {
        // As with a password change: whoever held a session with the old password is out.
        deps.sessions.invalidateAllForUser(result.userId)
        closeSessionConnections(deps.rooms, { userId: result.userId })
      }
      const { token } = deps.sessions.create(result.userId)
      setSessionCookie(c, token, { inactivityTimeoutMs: deps.sessions.inactivityTimeoutMs, publicOrigin: deps.publicOrigin })
      return c.json({ situationId: result.situationId, purpose: result.purpose, userId: result.userId })
    })
}
