import { Hono } from 'hono'
import type { AccessService } from '../auth/access.ts'
import { can, canReadPersonViews } from '../auth/policy.ts'
import type { MeetingDeps } from '../domain/meetings.ts'
import { readEasyMinutes } from '../domain/easy-minutes-reading.ts'
import type { CoEvaluationRows } from '../domain/stores.ts'
import type { AppEnv } from './context.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { planViewContext } from './situation-access.ts'
import type { EasyMinutes } from '../../shared/api/follow-up.ts'

/**
 * The minutes in easy-to-read French for the person (issue 18): JSON the
 * easy-read page tells with pictograms and read-aloud. Same rights as the
 * minutes: readers of the plan, published minutes (drafts for who runs it).
 */
export function easyMinutesRoutes(deps: MeetingDeps & { access: AccessService; coEvaluations: CoEvaluationRows }) {
  return new Hono<AppEnv>().get('/situations/:id/meetings/:meetingId/easy', requireUser, async (c) => {
    const context = planViewContext(c, deps.access, c.req.param('id'))
    return c.json(
      (await readEasyMinutes(deps, {
        situationId: context.situation.id,
        meetingId: c.req.param('meetingId'),
        userId: c.get('user')!.id,
        mayManage: can(context, 'manageMembers'),
        withPersonViews: canReadPersonViews(context),
        address: remoteAddress(c),
      })) satisfies EasyMinutes,
    )
  })
}
