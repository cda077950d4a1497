import { Hono } from 'hono'
import { z } from 'zod'
import { can } from '../auth/policy.ts'
import type { AccessService } from '../auth/access.ts'
import { applyStageTrigger, STAGE_RULES, type StageDeps } from '../domain/stage.ts'
import { assertSituationOpen } from '../domain/open-situation.ts'
import { latestReviewDate } from '../../shared/domain/review-date.ts'
import { PAG_CLOSURE_REASONS } from '../../shared/domain/closure-reasons.ts'
import type { FollowUpReads } from '../domain/stores.ts'
import { todayInParis } from '../../shared/domain/dates.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { forbidden, HttpError } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { situationContext } from './situation-access.ts'

const moveBody = z.object({ to: z.enum(['followUp', 'toReview']), note: z.string().trim().max(300).optional() })

/** The plan's stage: read it with its rules, or move it by hand (coordinator) where the table allows. */
export function stageRoutes(deps: StageDeps & { access: AccessService; reads: FollowUpReads }) {
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .get('/situations/:id/stage', (c) => {
      const { situation } = situationContext(c, deps.access, c.req.param('id'))
      const version = deps.reads.latestVersion(situation.id)
      return c.json({
        stage: situation.stage,
        reviewDate: situation.reviewDate,
        latestReviewDate: version ? latestReviewDate(situation.kind, todayInParis(new Date(version.createdAt))) : null,
        closureReasons: situation.kind === 'pag' ? PAG_CLOSURE_REASONS : null,
        rules: STAGE_RULES.map((rule) => ({ trigger: rule.trigger, from: rule.from, to: rule.to })),
      })
    })
    .post('/situations/:id/stage', async (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      if (!can(context, 'manageMembers')) throw forbidden('only the coordinator moves the plan’s stage')
      assertSituationOpen(context.situation)
      const body = await readJson(c, moveBody)
      const move = await applyStageTrigger(deps, context.situation.id, 'coordinator', { actor: { userId: c.get('user')!.id, address: remoteAddress(c) }, detail: body.note ?? '', to: body.to })
      if (!move) throw new HttpError(409, `the plan cannot go from ${context.situation.stage} to ${body.to}`, { field: 'to', stage: context.situation.stage })
      return c.json({ stage: move.to, from: move.from })
    })
}
