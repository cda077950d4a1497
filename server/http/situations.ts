import { Hono } from 'hono'
import { z } from 'zod'
import { PLAN_KINDS, SECTORS } from '../../shared/domain/roles.ts'
import { INSEE_COMMUNE_PATTERN, RESPONSE_LEVELS, SITUATION_STAGES, type ResponseLevel } from '../../shared/domain/situation-fields.ts'
import { PARTS } from '../../shared/schema/roots.ts'
import { accessToPart, can } from '../auth/policy.ts'
import { todayInParis } from '../../shared/domain/dates.ts'
import { createSituation, type SituationDeps } from '../domain/situations.ts'
import type { AccessService } from '../auth/access.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { requireUser } from './session.ts'
import { situationContext } from './situation-access.ts'
import { remoteAddress } from './remote-address.ts'
import { publicMember } from './members.ts'
import { calendarDate } from './calendar-date.ts'

const canView = (access: AccessService, situationId: string, userId: string): boolean => {
  const context = access.context(situationId, userId)
  return context !== null && can(context, 'view')
}

// A real calendar day (issue 13): the pattern alone let 2026-13-45 in and broke the exports.
const isoDate = calendarDate()

const createBody = z.object({
  title: z.string().trim().min(1).max(200),
  kind: z.enum(PLAN_KINDS),
  personName: z.string().trim().max(200).optional(),
  reviewDate: isoDate.nullable().optional(),
  organisation: z.string().max(200).optional(),
  sector: z.enum(SECTORS).nullable().optional(),
  // A new situation cannot start closed; the other stages are accepted (an imported plan may already be validated).
  stage: z.enum(SITUATION_STAGES).exclude(['closed']).optional(),
  level: z
    .number()
    .int()
    .refine((value): value is ResponseLevel => (RESPONSE_LEVELS as readonly number[]).includes(value), 'expected a response level from 1 to 4')
    .nullable()
    .optional(),
  territory: z.string().regex(INSEE_COMMUNE_PATTERN, 'expected an INSEE commune code').nullable().optional(),
})

/** The situation fields every reader gets (DESIGN.md 5b). */
const situationFields = (row: import('../storage/situations.ts').SituationRow) => ({
  kind: row.kind,
  status: row.status,
  stage: row.stage,
  level: row.level,
  territory: row.territory,
  reviewDate: row.reviewDate,
  closedAt: row.closedAt,
  closedReason: row.closedReason,
})

/** Situations the caller belongs to, creation, and one situation's header and circle. */
export function situationRoutes(
  deps: SituationDeps & {
    access: AccessService
    audit: import('../storage/audit.ts').AuditRows
    planActions: import('../storage/plan-actions.ts').PlanActionRows
    meetings: import('../storage/meetings.ts').MeetingRows
  },
) {
  const { situations } = deps
  return new Hono<AppEnv>()
    .use('/situations', requireUser)
    .use('/situations/*', requireUser)
    .get('/situations', (c) => {
      const userId = c.get('user')!.id
      const rows = situations.situationsOfUser(userId).filter((row) => canView(deps.access, row.id, userId))
      const today = todayInParis()
      return c.json(
        rows.map((row) => ({
          id: row.id,
          title: row.title,
          ...situationFields(row),
          role: row.role,
          coordinatorName: row.coordinatorName,
          personName: row.personName,
          reviewOverdue: row.reviewDate !== null && row.reviewDate < today,
          // The next meeting to prepare (planned, not yet past).
          nextMeeting:
            deps.meetings
              .list(row.id)
              .filter((m) => m.status !== 'ended' && m.startsAt.slice(0, 10) >= today)
              .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
              .map((m) => ({ id: m.id, kind: m.kind, startsAt: m.startsAt, status: m.status }))[0] ?? null,
          openActions: deps.planActions
            .forOwners(row.id, [row.memberId, ...(row.organisation ? [row.organisation] : [])])
            .filter((action) => action.status !== 'done' && action.status !== 'dropped').length,
        })),
      )
    })
    .post('/situations', async (c) => {
      const body = await readJson(c, createBody)
      const user = c.get('user')!
      const { situation } = await createSituation(deps, body, {
        userId: user.id,
        name: user.name,
        organisation: body.organisation,
        sector: body.sector ?? null,
      })
      return c.json({ ...situation, role: 'coordinator' }, 201)
    })
    .get('/situations/:id', (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      const { situation, member } = context
      deps.audit.append({ situationId: situation.id, userId: c.get('user')!.id, action: 'situation.open', address: remoteAddress(c) })
      const members = situations.activeMembers(situation.id)
      const coordinator = members.filter((m) => m.role === 'coordinator').at(-1) ?? null
      const access = Object.fromEntries(PARTS.map((part) => [part, accessToPart(context, part)]))
      return c.json({
        id: situation.id,
        title: situation.title,
        ...situationFields(situation),
        personName: situation.personName,
        role: member!.role,
        access,
        me: { memberId: member!.id, userId: member!.userId },
        coordinator: coordinator && { memberId: coordinator.id, name: coordinator.name },
        members: members.map(publicMember),
        consent: { objection: context.sharingObjection ?? false },
      })
    })
}
