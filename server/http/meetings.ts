import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { AccessService } from '../auth/access.ts'
import { can, canReadPersonViews, type PolicyContext } from '../auth/policy.ts'
import { assertSituationOpen } from '../domain/open-situation.ts'
import { amendMinutes, createMeeting, endMeeting, recordManualAttendance, startMeeting, type MeetingDeps } from '../domain/meetings.ts'
import type { MeetingRow } from '../domain/stores.ts'
import type { Meeting } from '../../shared/api/meetings.ts'
import { listMeetings, meetingToRun, meetingWithAttendance } from '../domain/meeting-reads.ts'
import { minutesHtml, minutesPdf, readMinutes } from '../domain/minutes-export.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { forbidden } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { planViewContext } from './situation-access.ts'
import { calendarDate } from './calendar-date.ts'

const isoDate = calendarDate()
const createBody = z.object({
  kind: z.enum(['gos', 'msp', 'dac', 'synthesis']),
  startsAt: z.string().datetime({ offset: true }),
  title: z.string().trim().max(200).optional(),
  place: z.string().trim().max(500).optional(),
  invitees: z.array(z.object({ memberId: z.string().max(64).nullable().optional(), name: z.string().trim().min(1).max(200) })).max(100).optional(),
  agenda: z.array(z.object({ title: z.string().trim().min(1).max(300), target: z.string().max(200).nullable().optional() })).max(50).optional(),
})
const attendanceBody = z.object({
  memberId: z.string().max(64).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  mode: z.enum(['room', 'video', 'phone', 'written', 'absent']),
})
const endBody = z.object({
  reviewDate: isoDate.nullable().optional(),
  nextMeeting: z.string().datetime({ offset: true }).nullable().optional(),
  publish: z.boolean().optional(),
  notes: z.string().max(20_000).optional(),
})
const minutesBody = z.object({ notes: z.string().max(20_000).optional(), publish: z.boolean().optional() })

const publicMeeting = (m: MeetingRow): Meeting => ({
  id: m.id,
  kind: m.kind,
  title: m.title,
  startsAt: m.startsAt,
  place: m.place,
  convener: m.convenerUserId,
  invitees: m.invitees,
  agenda: m.agenda,
  status: m.status,
  startedAt: m.startedAt,
  endedAt: m.endedAt,
  versionId: m.endVersionId,
  reviewDate: m.reviewDate,
  nextMeeting: m.nextMeeting,
  publishedAt: m.publishedAt,
})

/** Meetings: convene, start, take attendance, end with a validated version, and the minutes. */
export function meetingRoutes(deps: MeetingDeps & { access: AccessService; connectedUsers: (situationId: string) => string[] }) {
  /** Meetings are about the plan: only who reads the plan live sees them (a hidden relative gets the stranger's 404). */
  const readerContext = (c: Context<AppEnv>): Promise<PolicyContext> => planViewContext(c, deps.access, c.req.param('id')!)
  /** The coordinator or the meeting's convener runs it. */
  const runner = async (c: Context<AppEnv>) => {
    const context = await readerContext(c)
    const user = c.get('user')!
    const meeting = await meetingToRun(deps, context, c.req.param('meetingId')!, user.id)
    return { context, meeting, user, actor: { userId: user.id, address: remoteAddress(c) } }
  }
  const minutesFor = async (c: Context<AppEnv>) => {
    const context = await planViewContext(c, deps.access, c.req.param('id')!)
    return await readMinutes(deps, {
      situationId: context.situation.id,
      meetingId: c.req.param('meetingId')!,
      userId: c.get('user')!.id,
      mayManage: can(context, 'manageMembers'),
      withPersonViews: canReadPersonViews(context),
      address: remoteAddress(c),
    })
  }
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .get('/situations/:id/meetings', async (c) => {
      const { situation } = await readerContext(c)
      return c.json((await listMeetings(deps, situation.id)).map(publicMeeting))
    })
    .post('/situations/:id/meetings', async (c) => {
      const context = await readerContext(c)
      // Plan writers (coordinator, professionals) convene; the convener defaults to the caller.
      if (context.member!.role !== 'coordinator' && context.member!.role !== 'professional') throw forbidden()
      assertSituationOpen(context.situation)
      const body = await readJson(c, createBody)
      const meeting = await createMeeting(deps, context.situation.id, { ...body, invitees: body.invitees?.map((i) => ({ memberId: i.memberId ?? null, name: i.name })), agenda: body.agenda?.map((a) => ({ title: a.title, target: a.target ?? null })) }, { userId: c.get('user')!.id, address: remoteAddress(c) })
      return c.json(publicMeeting(meeting), 201)
    })
    .get('/situations/:id/meetings/:meetingId', async (c) => {
      const { situation } = await readerContext(c)
      const { meeting, attendance } = await meetingWithAttendance(deps, situation.id, c.req.param('meetingId'))
      return c.json({ ...publicMeeting(meeting), attendance })
    })
    .post('/situations/:id/meetings/:meetingId/start', async (c) => {
      const { context, meeting, actor } = await runner(c)
      const started = await startMeeting(deps, context.situation.id, meeting.id, actor, deps.connectedUsers(context.situation.id))
      return c.json(publicMeeting(started))
    })
    .post('/situations/:id/meetings/:meetingId/attendance', async (c) => {
      const { context, meeting, actor } = await runner(c)
      const body = await readJson(c, attendanceBody)
      return c.json(await recordManualAttendance(deps, context.situation.id, meeting.id, body, actor), 201)
    })
    .post('/situations/:id/meetings/:meetingId/end', async (c) => {
      const { context, meeting, actor } = await runner(c)
      const body = await readJson(c, endBody)
      const result = await endMeeting(deps, context.situation.id, meeting.id, body, actor)
      return c.json({ ...publicMeeting(result.meeting), version: { id: result.version.id, label: result.version.label, createdAt: result.version.createdAt, meetingId: result.version.meetingId } })
    })
    .put('/situations/:id/meetings/:meetingId/minutes', async (c) => {
      const { context, meeting, actor } = await runner(c)
      const body = await readJson(c, minutesBody)
      return c.json(publicMeeting(await amendMinutes(deps, context.situation.id, meeting.id, body, actor)))
    })
    .get('/situations/:id/meetings/:meetingId/minutes.pdf', async (c) => {
      const pdf = await minutesPdf(await minutesFor(c))
      c.header('Content-Type', 'application/pdf')
      c.header('Content-Disposition', `inline; filename="compte-rendu-${c.req.param('meetingId')}.pdf"`)
      return c.body(pdf)
    })
    .get('/situations/:id/meetings/:meetingId/minutes', async (c) => c.html(minutesHtml(await minutesFor(c))))
}
