import { Hono } from 'hono'
import { z } from 'zod'
import { can, canReadPlanViews } from '../auth/policy.ts'
import type { AccessService } from '../auth/access.ts'
import { answerProgress, progressRequestsOf, requestProgress, situationProgress, type ProgressDeps } from '../domain/progress.ts'
import { assertSituationOpen } from '../domain/open-situation.ts'
import { PROGRESS_STATUSES } from '../../shared/domain/follow-up.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { forbidden, notFound } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { situationContext } from './situation-access.ts'

const requestBody = z.object({ actionIds: z.array(z.string().min(1).max(64)).max(200).optional(), message: z.string().trim().max(500).optional() })
const answerBody = z.object({ status: z.enum(PROGRESS_STATUSES), note: z.string().max(2000).optional() })

const publicAnswer = (row: { actionId: string; status: string; note: string; userId: string; at: string }, name: string) => ({
  actionId: row.actionId,
  status: row.status,
  note: row.note,
  by: row.userId,
  byName: name,
  at: row.at,
})

/**
 * Interim follow-up ("point d'étape"): the coordinator asks the action
 * owners; each owner answers done / under way / blocked; the answers are
 * read on the plan and in the next minutes.
 */
export function progressRoutes(deps: ProgressDeps & { access: AccessService }) {
  const actor = (c: { get(key: 'user'): { id: string } | null }, address: string) => ({ userId: c.get('user')!.id, address })
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .post('/situations/:id/progress-requests', async (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      if (!can(context, 'manageMembers')) throw forbidden('only the coordinator asks for progress')
      assertSituationOpen(context.situation)
      const body = await readJson(c, requestBody)
      const result = await requestProgress(deps, context.situation.id, body, actor(c, remoteAddress(c)))
      return c.json(result, 201)
    })
    .get('/situations/:id/progress', async (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      if (!canReadPlanViews(context)) throw notFound()
      return c.json(await situationProgress(deps, context.situation.id))
    })
    .post('/situations/:id/actions/:actionId/progress', async (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      if (!canReadPlanViews(context)) throw notFound()
      assertSituationOpen(context.situation)
      const body = await readJson(c, answerBody)
      const row = await answerProgress(deps, context.situation.id, c.req.param('actionId'), context.member!, body, actor(c, remoteAddress(c)))
      return c.json(publicAnswer(row, context.member!.name), 201)
    })
    .get('/me/progress-requests', requireUser, async (c) => c.json(await progressRequestsOf({ ...deps, canRead: (situationId, userId) => {
      const context = deps.access.context(situationId, userId)
      return !!context && canReadPlanViews(context) && context.situation.status !== 'closed'
    } }, c.get('user')!.id)))
}
