import { Hono } from 'hono'
import { z } from 'zod'
import { nanoid } from 'nanoid'
import { isPart } from '../../shared/schema/roots.ts'
import { documentName } from '../../shared/schema/roots.ts'
import { accessToPart } from '../auth/policy.ts'
import type { AccessService } from '../auth/access.ts'
import type { RecordRows } from '../storage/records.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { VersionRows } from '../storage/versions.ts'
import type { ClientBindingRows } from '../storage/client-bindings.ts'
import type { PlanActionRows } from '../storage/plan-actions.ts'
import type { RoomRegistry } from '../sync/rooms.ts'
import { recordCommitment } from '../domain/commitments.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { HttpError, notFound } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { authorizeSituation, situationContext } from './situation-access.ts'

const commitmentBody = z.object({ status: z.enum(['accepted', 'declined', 'proposed']), comment: z.string().max(2000).optional() })
export const TIMELINE_KINDS = ['rupture', 'transition', 'hospitalisation', 'move', 'newService', 'handover', 'event'] as const
const eventBody = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  kind: z.enum(TIMELINE_KINDS),
  title: z.string().trim().min(1).max(300),
  detail: z.string().max(4000).optional(),
})

export interface RecordRouteDeps {
  access: AccessService
  records: RecordRows
  situations: SituationRows
  audit: AuditRows
  versions: VersionRows
  bindings: ClientBindingRows
  planActions: PlanActionRows
  rooms: RoomRegistry
  /** Extra dated entries (meetings) contributed by other modules. */
  timelineSources?: ((situationId: string) => TimelineEntry[])[]
}

export interface TimelineEntry {
  id: string
  date: string
  kind: string
  title: string
  detail: string
  by: string | null
}

/** Commitments to actions, the situation's timeline, and authorship of a part. */
export function recordRoutes(deps: RecordRouteDeps) {
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .get('/situations/:id/commitments', (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'readVersions')
      return c.json(deps.records.commitmentHistory(situation.id))
    })
    .post('/situations/:id/actions/:actionId/commitment', async (c) => {
      const { situation, member } = authorizeSituation(c, deps.access, c.req.param('id'), 'readVersions')
      const body = await readJson(c, commitmentBody)
      const row = await recordCommitment(deps, situation.id, { member: member!, userId: c.get('user')!.id, address: remoteAddress(c) }, c.req.param('actionId'), body)
      return c.json(row, 201)
    })
    .get('/situations/:id/timeline', (c) => {
      const { situation } = situationContext(c, deps.access, c.req.param('id'))
      const entries: TimelineEntry[] = [
        ...deps.records.events(situation.id).map((event) => ({ id: event.id, date: event.date, kind: event.kind, title: event.title, detail: event.detail, by: event.createdBy })),
        ...deps.versions.list(situation.id).map((version) => ({
          id: version.id,
          date: version.createdAt.slice(0, 10),
          kind: 'version',
          title: version.label,
          detail: '',
          by: version.createdBy,
        })),
        ...deps.audit
          .forSituation(situation.id, 5000)
          .filter((row) => row.action === 'coordinator.handover')
          .map((row) => ({ id: `audit-${row.id}`, date: row.at.slice(0, 10), kind: 'handover', title: 'Passage de relais de la coordination', detail: String(row.detail.note ?? ''), by: row.userId })),
        ...(deps.timelineSources ?? []).flatMap((source) => source(situation.id)),
      ]
      entries.sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id))
      return c.json(entries)
    })
    .post('/situations/:id/timeline', async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      const body = await readJson(c, eventBody)
      const user = c.get('user')!
      const row = { id: nanoid(12), situationId: situation.id, date: body.date, kind: body.kind, title: body.title, detail: body.detail ?? '', createdBy: user.id, createdAt: new Date().toISOString() }
      deps.records.insertEvent(row)
      deps.audit.append({ situationId: situation.id, userId: user.id, action: 'timeline.add', target: row.id, detail: { kind: row.kind }, address: remoteAddress(c) })
      return c.json({ id: row.id, date: row.date, kind: row.kind, title: row.title, detail: row.detail, by: row.createdBy }, 201)
    })
    .get('/situations/:id/authors', (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      const part = c.req.query('part') ?? 'person'
      if (!isPart(part)) throw new HttpError(400, 'invalid or missing field: part', { field: 'part' })
      if (accessToPart(context, part) === 'none') throw notFound()
      const members = deps.situations.activeMembers(context.situation.id)
      const byUser = new Map(members.filter((m) => m.userId).map((m) => [m.userId!, m]))
      const authors: Record<string, { userId: string; name: string; role: string | null; mission: string }> = {}
      for (const [clientId, userId] of deps.bindings.forDoc(documentName(context.situation.id, part))) {
        const member = byUser.get(userId)
        authors[String(clientId)] = { userId, name: member?.name ?? (userId === 'server' ? 'Concerto' : ''), role: member?.role ?? null, mission: member?.mission ?? '' }
      }
      return c.json(authors)
    })
}
