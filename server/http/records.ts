import { Hono } from 'hono'
import { z } from 'zod'
import { isPart } from '../../shared/schema/roots.ts'
import { accessToPart } from '../auth/policy.ts'
import { TIMELINE_KINDS, TIMELINE_PARTS } from '../../shared/domain/timeline.ts'
import { addTimelineEvent, readTimeline, type TimelineEntry } from '../domain/timeline.ts'
import { assertSituationOpen } from '../domain/open-situation.ts'
import type { AccessService } from '../auth/access.ts'
import type { RecordRows } from '../domain/stores.ts'
import type { SituationRows } from '../domain/stores.ts'
import type { AuditRows } from '../domain/stores.ts'
import type { VersionRows } from '../domain/stores.ts'
import type { ClientBindingRows } from '../domain/stores.ts'
import type { PlanActionRows } from '../domain/stores.ts'
import type { LiveDocuments } from '../domain/live-documents.ts'
import { commitmentHistory, recordCommitment } from '../domain/commitments.ts'
import { partAuthors } from '../domain/authors.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { HttpError, notFound } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { authorizeSituation, planViewContext, situationContext } from './situation-access.ts'
import { calendarDate } from './calendar-date.ts'
import type { Authors } from '../../shared/api/records.ts'

const commitmentBody = z.object({ status: z.enum(['accepted', 'declined', 'proposed']), comment: z.string().max(2000).optional() })
const eventBody = z.object({
  date: calendarDate(),
  kind: z.enum(TIMELINE_KINDS),
  title: z.string().trim().min(1).max(300),
  detail: z.string().max(4000).optional(),
  /** `health` for a clinical event (read by who reads the health part); by default from the kind. */
  part: z.enum(TIMELINE_PARTS).optional(),
})

export interface RecordRouteDeps {
  access: AccessService
  records: RecordRows
  situations: SituationRows
  audit: AuditRows
  versions: VersionRows
  bindings: ClientBindingRows
  planActions: PlanActionRows
  rooms: LiveDocuments
  /** Extra dated entries (meetings) contributed by other modules. */
  timelineSources?: ((situationId: string) => Promise<TimelineEntry[]>)[]
  /** Called after an entry is added: admissions, discharges, ruptures and handovers put the plan to review (issue 18). */
  onTimelineEvent?: (event: { situationId: string; kind: string }, actor: { userId: string; address: string }) => Promise<unknown>
}

export type { TimelineEntry }

/** Commitments to actions, the situation's timeline, and authorship of a part. */
export function recordRoutes(deps: RecordRouteDeps) {
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .get('/situations/:id/commitments', async (c) => {
      const { situation } = await planViewContext(c, deps.access, c.req.param('id'))
      return c.json(await commitmentHistory(deps, situation.id))
    })
    .post('/situations/:id/actions/:actionId/commitment', async (c) => {
      const { situation, member } = await authorizeSituation(c, deps.access, c.req.param('id'), 'readVersions')
      assertSituationOpen(situation)
      const body = await readJson(c, commitmentBody)
      const row = await recordCommitment(deps, situation.id, { member: member!, userId: c.get('user')!.id, address: remoteAddress(c) }, c.req.param('actionId'), body)
      return c.json(row, 201)
    })
    .get('/situations/:id/timeline', async (c) => {
      // The timeline tells the plan's story: a relative the plan is hidden from gets the stranger's 404.
      const context = await planViewContext(c, deps.access, c.req.param('id'))
      return c.json(await readTimeline(deps, context))
    })
    .post('/situations/:id/timeline', async (c) => {
      const context = await authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      assertSituationOpen(context.situation)
      const body = await readJson(c, eventBody)
      const event = await addTimelineEvent(deps, context, body, { userId: c.get('user')!.id, address: remoteAddress(c) })
      await deps.onTimelineEvent?.({ situationId: context.situation.id, kind: event.kind }, { userId: c.get('user')!.id, address: remoteAddress(c) })
      return c.json(event, 201)
    })
    .get('/situations/:id/authors', async (c) => {
      const context = await situationContext(c, deps.access, c.req.param('id'))
      const part = c.req.query('part') ?? 'person'
      if (!isPart(part)) throw new HttpError(400, 'invalid or missing field: part', { field: 'part' })
      if (accessToPart(context, part) === 'none') throw notFound()
      const authors = await partAuthors(deps, context.situation.id, part)
      return c.json(authors satisfies Authors)
    })
}
