import { Hono } from 'hono'
import type { AccessService } from '../auth/access.ts'
import { can, canReadPersonViews } from '../auth/policy.ts'
import { minutesModel, type MeetingDeps } from '../domain/meetings.ts'
import { easyMinutes } from '../domain/easy-minutes.ts'
import type { CoEvaluationRows } from '../domain/stores.ts'
import type { AppEnv } from './context.ts'
import { notFound } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { planViewContext } from './situation-access.ts'

/**
 * The minutes in easy-to-read French for the person (issue 18): JSON the
 * easy-read page tells with pictograms and read-aloud. Same rights as the
 * minutes: readers of the plan, published minutes (drafts for who runs it).
 */
export function easyMinutesRoutes(deps: MeetingDeps & { access: AccessService; coEvaluations: CoEvaluationRows }) {
  return new Hono<AppEnv>().get('/situations/:id/meetings/:meetingId/easy', requireUser, (c) => {
    const context = planViewContext(c, deps.access, c.req.param('id'))
    const meeting = deps.meetings.byId(context.situation.id, c.req.param('meetingId'))
    if (!meeting || meeting.status !== 'ended' || !meeting.endVersionId) throw notFound()
    if (!meeting.publishedAt && !can(context, 'manageMembers') && meeting.convenerUserId !== c.get('user')!.id) throw notFound()
    deps.audit.append({ situationId: context.situation.id, userId: c.get('user')!.id, action: 'export.minutes', target: meeting.id, detail: { easy: true }, address: remoteAddress(c) })
    const withPersonViews = canReadPersonViews(context)
    const model = minutesModel(deps, context.situation.id, meeting.id, { withPersonViews })
    const easy = easyMinutes(deps, context.situation.id, meeting.id, model)
    return c.json(withPersonViews ? easy : { ...easy, coEvaluation: easy.coEvaluation.map((g) => ({ ...g, person: null })) })
  })
}
