import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { ROLES, SECTORS } from '../../shared/domain/roles.ts'
import type { AccessService } from '../auth/access.ts'
import type { Sessions } from '../auth/sessions.ts'
import type { LoginThrottle } from '../auth/rate-limit.ts'
import { acceptInvitation, listState, revokeInvitation } from '../domain/invitations.ts'
import { openInvitation, situationInvitations, situationOutbox } from '../domain/invitation-views.ts'
import { sessionAfterAcceptance } from '../domain/invitation-session.ts'
import { inviteAndMail, resetAndMail, type MailingDeps } from '../domain/invitation-mail.ts'
import { DomainError } from '../domain/errors.ts'
import type { OutboxRows } from '../domain/stores.ts'
import type { InvitationRow } from '../domain/stores.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { HttpError } from './errors.ts'
import { setSessionCookie } from './session-cookie.ts'
import type { LiveDocuments } from '../domain/live-documents.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { authorizeSituation } from './situation-access.ts'
import type { InvitationInfo, SituationLink } from '../../shared/api/invitations.ts'

const LOGIN_NAME = /^[\p{L}\p{N}._-]+$/u

const inviteBody = z
  .object({
    role: z.enum(ROLES).exclude(['coordinator']),
    name: z.string().trim().min(1).max(200),
    email: z.string().trim().email().max(320).optional(),
    login: z.string().trim().min(3).max(64).regex(LOGIN_NAME, 'letters, digits, dot, dash or underscore').optional(),
    sector: z.enum(SECTORS).nullable().optional(),
    organisation: z.string().trim().max(200).optional(),
    mission: z.string().trim().max(500).optional(),
    expiresInDays: z.number().int().min(1).max(14).optional(),
  })
  .refine((body) => Boolean(body.email) !== Boolean(body.login), { message: 'name the e-mail or the login name the invitation is for (one of them)', path: ['email'] })

/** A password or a simple passphrase: length matters more than symbols. No e-mail or login here: the invitation names them. */
const acceptBody = z.object({
  password: z.string().min(8, 'at least 8 characters').max(1024).optional(),
  name: z.string().trim().min(1).max(200).optional(),
})

export interface InvitationRoutesDeps extends MailingDeps {
  access: AccessService
  sessions: Sessions
  rooms: LiveDocuments
  outbox: OutboxRows
  publicOrigin: string | null
  /** Wrong passwords of an existing account at acceptance count like failed logins. */
  throttle: LoginThrottle
}

/** What the coordinator sees of a link: never its token (only the hash is stored). */
const publicInvitation = (invitation: InvitationRow): SituationLink => ({
  id: invitation.id,
  purpose: invitation.purpose,
  role: invitation.role,
  name: invitation.name,
  email: invitation.email,
  login: invitation.login,
  state: listState(invitation),
  createdAt: invitation.createdAt,
  expiresAt: invitation.expiresAt,
  openedAt: invitation.openedAt,
  usedAt: invitation.usedAt,
  revokedAt: invitation.revokedAt,
})

/**
 * Invitations and reset links: issued, listed and revoked by the coordinator;
 * opened and accepted by the invitee, only as the address or login they name.
 * The coordinator also reads the situation's outbox (mails kept for hand-over).
 */
export function invitationRoutes(deps: InvitationRoutesDeps) {
  const link = (token: string) => `/invitation/${token}`
  const sender = (c: Context<AppEnv>) => ({
    userId: c.get('user')!.id,
    address: remoteAddress(c),
    origin: deps.publicOrigin ?? new URL(c.req.url).origin,
  })
  return new Hono<AppEnv>()
    .post('/situations/:id/invitations', requireUser, async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'invite')
      const body = await readJson(c, inviteBody)
      const invitation = await inviteAndMail(deps, situation.id, body, sender(c))
      return c.json(
        {
          id: invitation.id,
          expiresAt: invitation.expiresAt,
          role: body.role,
          name: body.name,
          email: body.email ?? null,
          login: body.login ?? null,
          delivered: invitation.delivered,
          // Only a link the coordinator hands over is shown: one mailed by SMTP is the mailbox's alone.
          ...(invitation.handed ? { token: invitation.token, url: link(invitation.token) } : {}),
        },
        201,
      )
    })
    .post('/situations/:id/members/:memberId/reset-invitation', requireUser, async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      const reset = await resetAndMail(deps, situation.id, c.req.param('memberId'), sender(c))
      return c.json({ id: reset.id, expiresAt: reset.expiresAt, delivered: reset.delivered, ...(reset.handed ? { token: reset.token, url: link(reset.token) } : {}) }, 201)
    })
    .get('/situations/:id/invitations', requireUser, (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      return c.json(situationInvitations(deps, situation.id).map(publicInvitation))
    })
    .post('/situations/:id/invitations/:invitationId/revoke', requireUser, async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      return c.json(publicInvitation(await revokeInvitation(deps, situation.id, c.req.param('invitationId'), c.get('user')!.id, remoteAddress(c))))
    })
    .get('/situations/:id/outbox', requireUser, (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      return c.json(situationOutbox(deps, situation.id))
    })
    .get('/invitations/:token', (c) => {
      const { state, invitation, situationTitle } = openInvitation(deps, c.req.param('token'))
      if (state === 'invalid' || !invitation) return c.json({ error: 'invalid invitation', reason: 'invalid' }, 404)
      if (state !== 'valid') return c.json({ error: `invitation ${state}`, reason: state }, 410)
      return c.json({
        purpose: invitation.purpose,
        role: invitation.role,
        name: invitation.name,
        email: invitation.email,
        login: invitation.login,
        situationTitle: situationTitle ?? '',
        expiresAt: invitation.expiresAt,
      } satisfies InvitationInfo)
    })
    .post('/invitations/:token/accept', async (c) => {
      const body = await readJson(c, acceptBody)
      const current = c.get('user')
      const address = remoteAddress(c)
      const token = c.req.param('token')
      const key = `invitation:${token.split('.')[0] ?? ''}`
      const wait = deps.throttle.waitSeconds(key, address)
      if (wait > 0) {
        c.header('Retry-After', String(wait))
        throw new HttpError(429, 'too many failed attempts, try again later')
      }
      let result: Awaited<ReturnType<typeof acceptInvitation>>
      try {
        result = await acceptInvitation(deps, token, { ...body, currentUserId: current?.id ?? null }, address)
      } catch (error) {
        if (error instanceof DomainError && error.status === 401) deps.throttle.recordFailure(key, address)
        throw error
      }
      const sessionToken = await sessionAfterAcceptance(deps, result, current?.id ?? null, { address, userAgent: c.req.header('user-agent') ?? null })
      if (sessionToken) setSessionCookie(c, sessionToken, { inactivityTimeoutMs: deps.sessions.inactivityTimeoutMs, publicOrigin: deps.publicOrigin, sharedDevice: true })
      return c.json({ situationId: result.situationId, purpose: result.purpose, userId: result.userId })
    })
}
