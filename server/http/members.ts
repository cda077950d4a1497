import { Hono, type Context } from 'hono'
import type { FollowUpMemberHooks } from '../domain/stage.ts'
import { z } from 'zod'
import { ROLES, SECTORS } from '../../shared/domain/roles.ts'
import {
  addSituationMember,
  handOverCoordination,
  listSituationMembers,
  removeSituationMember,
  setPlanHidden,
  setSituationStatus,
  updateSituationMember,
  type MembershipDeps,
} from '../domain/memberships.ts'
import { refreshCoordinatorCopy as refreshCoordinator } from '../domain/display-copies.ts'
import { addMemberByEmail, type MailingDeps } from '../domain/invitation-mail.ts'
import type { MemberRow } from '../domain/stores.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { HttpError } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { authorizeSituation, situationContext } from './situation-access.ts'
import type { Member } from '../../shared/api/members.ts'

const memberFields = {
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES).exclude(['coordinator']),
  sector: z.enum(SECTORS).nullable().optional(),
  organisation: z.string().trim().max(200).optional(),
  profession: z.string().trim().max(200).optional(),
  mission: z.string().trim().max(500).optional(),
  contact: z.string().trim().max(300).optional(),
  careTeam: z.boolean().optional(),
}
const addBody = z.object({ ...memberFields, email: z.string().trim().email().max(320).optional() })
const patchBody = z.object(memberFields).partial()
const visibilityBody = z.object({ hidden: z.boolean() })
const handoverBody = z.object({ memberId: z.string().min(1).max(64), note: z.string().max(500).optional() })

/** Why the situation closes: for a PAG one of the MDPH end reasons (checked in domain/stage.ts). */
const closeBody = z.object({ reason: z.string().trim().max(300).nullable().optional() })

export const publicMember = (m: MemberRow): Member => ({
  id: m.id,
  userId: m.userId,
  name: m.name,
  role: m.role,
  sector: m.sector,
  organisation: m.organisation,
  profession: m.profession,
  mission: m.mission,
  contact: m.contact,
  careTeam: m.careTeam,
  planHidden: m.planHidden,
  hasAccount: m.userId !== null,
})

/** The circle of a situation, its lifecycle (close, reopen) and coordinator handover. */
export function memberRoutes(deps: MembershipDeps & FollowUpMemberHooks & MailingDeps & { publicOrigin: string | null }) {
  const actor = (c: Context<AppEnv>) => ({ userId: c.get('user')!.id, address: remoteAddress(c) })
  /** A failure only delays the copy (domain/display-copies.ts) to the next load, so the change stands. */
  const refreshCoordinatorCopy = async (c: Context<AppEnv>, situationId: string) => {
    try {
      await refreshCoordinator(deps, situationId)
    } catch (error) {
      c.get('log').warn('coordinator display copy not rewritten', { situationId, error: (error as Error).message })
    }
  }
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .get('/situations/:id/members', (c) => {
      const { situation } = situationContext(c, deps.access, c.req.param('id'))
      return c.json(listSituationMembers(deps, situation.id).map(publicMember))
    })
    .post('/situations/:id/members', async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      const { email, ...body } = await readJson(c, addBody)
      if (email) {
        // The same answer whether or not an account has this address: an
        // account with a proven address is added (and told), any other
        // address gets an invitation bound to it (issue 14).
        if (situation.status !== 'open') throw new HttpError(409, 'the situation is closed')
        await addMemberByEmail(deps, situation.id, { ...body, email }, { ...actor(c), origin: deps.publicOrigin ?? new URL(c.req.url).origin })
        return c.json({ status: 'sent', email }, 202)
      }
      const member = await addSituationMember(deps, situation.id, { ...body, userId: null }, actor(c))
      return c.json(publicMember(member), 201)
    })
    .patch('/situations/:id/members/:memberId', async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      const patch = await readJson(c, patchBody)
      return c.json(publicMember(await updateSituationMember(deps, situation.id, c.req.param('memberId'), patch, actor(c))))
    })
    .delete('/situations/:id/members/:memberId', async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      const removed = await removeSituationMember(deps, situation.id, c.req.param('memberId'), actor(c))
      if (removed.role === 'coordinator') await refreshCoordinatorCopy(c, situation.id)
      return c.body(null, 204)
    })
    .post('/situations/:id/members/:memberId/plan-visibility', async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'hidePlanFromRelative')
      const { hidden } = await readJson(c, visibilityBody)
      return c.json(publicMember(await setPlanHidden(deps, situation.id, c.req.param('memberId'), hidden, actor(c))))
    })
    .post('/situations/:id/handover', async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      const { memberId, note } = await readJson(c, handoverBody)
      const coordinator = await handOverCoordination(deps, situation.id, memberId, actor(c), note)
      await deps.onHandover?.(situation.id, actor(c))
      await refreshCoordinatorCopy(c, situation.id)
      return c.json(publicMember(coordinator))
    })
    .post('/situations/:id/close', async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'closeSituation')
      // Why it ends (goals reached, moved, deceased, refused, handed over…): kept on the situation (issue 15, H7);
      // a PAG needs one of the MDPH end reasons (issue 18, checked in domain/stage.ts).
      const { reason } = await readJson(c, closeBody)
      if (deps.closeWithReason) await deps.closeWithReason(situation.id, reason || null, actor(c))
      else await setSituationStatus(deps, situation.id, 'closed', actor(c), reason || null)
      return c.json({ id: situation.id, status: 'closed' })
    })
    .post('/situations/:id/reopen', async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'closeSituation')
      await setSituationStatus(deps, situation.id, 'open', actor(c))
      return c.json({ id: situation.id, status: 'open' })
    })
}
