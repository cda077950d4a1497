import { Hono } from 'hono'
import { z } from 'zod'
import type { AccessService } from '../auth/access.ts'
import { coEvaluationBoard, rateGoal, type CoEvaluationDeps } from '../domain/co-evaluation.ts'
import { assertSituationOpen } from '../domain/open-situation.ts'
import { CO_EVALUATION_RATINGS } from '../../shared/domain/follow-up.ts'
import type { UserRows } from '../domain/stores.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { situationContext } from './situation-access.ts'
import type { CoEvaluationBoard } from '../../shared/api/follow-up.ts'

const rateBody = z.object({ goalId: z.string().min(1).max(64), rating: z.enum(CO_EVALUATION_RATINGS), comment: z.string().max(2000).optional() })

/**
 * Co-evaluation at review: per goal, the circle's and the person's rating
 * (atteint / en partie / pas atteint) with a comment, side by side. The
 * person's side is shown only to who reads the person's part live.
 */
export function coEvaluationRoutes(deps: CoEvaluationDeps & { access: AccessService; users: UserRows }) {
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .get('/situations/:id/co-evaluations', async (c) => {
      const context = await situationContext(c, deps.access, c.req.param('id'))
      return c.json((await coEvaluationBoard(deps, context)) satisfies CoEvaluationBoard)
    })
    .post('/situations/:id/co-evaluations', async (c) => {
      const context = await situationContext(c, deps.access, c.req.param('id'))
      assertSituationOpen(context.situation)
      const body = await readJson(c, rateBody)
      const row = await rateGoal(deps, context.situation.id, context.member!, body, { userId: c.get('user')!.id, address: remoteAddress(c) })
      return c.json({ goalId: row.goalId, side: row.side, rating: row.rating, comment: row.comment, by: row.userId, byName: c.get('user')!.name, at: row.at }, 201)
    })
}
