import { Hono } from 'hono'
import { z } from 'zod'
import { PLAN_KINDS, SECTORS } from '../../shared/domain/roles.ts'
import { INSEE_COMMUNE_PATTERN, RESPONSE_LEVELS, SITUATION_STAGES, type ResponseLevel } from '../../shared/domain/situation-fields.ts'
import { PARTS } from '../../shared/schema/roots.ts'
import { accessToPart, canReadCircle } from '../auth/policy.ts'
import { todayInParis } from '../../shared/domain/dates.ts'
import { changeLevel, createSituation, openSituation, readIdentity, writeIdentity, type SituationDeps } from '../domain/situations.ts'
import { mySituations } from '../domain/my-situations.ts'
import { retentionDateOf, type RetentionYears } from '../domain/retention-policy.ts'
import { identityBody, levelField } from './intake.ts'
import { authorizeSituation } from './situation-access.ts'
import { HttpError } from './errors.ts'
import type { AccessService } from '../auth/access.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { requireUser } from './session.ts'
import { situationContext } from './situation-access.ts'
import { remoteAddress } from './remote-address.ts'
import { publicMember } from './members.ts'
import { calendarDate } from './calendar-date.ts'
import type { SituationDetail, SituationSummary } from '../../shared/api/situations.ts'

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

const levelBody = z.object({ level: levelField.nullable() })

/** The situation fields every reader gets (DESIGN.md 5b), with when it will be erased once closed. */
const situationFields = (row: import('../domain/stores.ts').SituationRow, years: RetentionYears) => ({
  kind: row.kind,
  status: row.status,
  stage: row.stage,
  level: row.level,
  territory: row.territory,
  reviewDate: row.reviewDate,
  closedAt: row.closedAt,
  closedReason: row.closedReason,
  retainUntil: retentionDateOf(row, years),
  erasedAt: row.erasedAt ?? null,
})

/** Situations the caller belongs to, creation, and one situation's header and circle. */
export function situationRoutes(
  deps: SituationDeps & {
    access: AccessService
    audit: import('../domain/stores.ts').AuditRows
    planActions: import('../domain/stores.ts').PlanActionRows
    meetings: import('../domain/stores.ts').MeetingRows
    records: import('../domain/stores.ts').RecordRows
    identities: import('../domain/stores.ts').IdentityRows
    retentionYears: RetentionYears
  },
) {
  return new Hono<AppEnv>()
    .use('/situations', requireUser)
    .use('/situations/*', requireUser)
    .get('/situations', async (c) => {
      const today = todayInParis()
      return c.json(
        (await mySituations(deps, c.get('user')!.id, today)).map((row): SituationSummary => ({
          id: row.id,
          title: row.title,
          ...situationFields(row, deps.retentionYears),
          role: row.role,
          coordinatorName: row.coordinatorName,
          personName: row.personName,
          reviewOverdue: row.reviewDate !== null && row.reviewDate < today,
          nextMeeting: row.nextMeeting,
          openActions: row.openActions,
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
    .get('/situations/:id', async (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      const { situation, member } = context
      const members = await openSituation(deps, situation.id, { userId: c.get('user')!.id, address: remoteAddress(c) })
      const coordinator = members.filter((m) => m.role === 'coordinator').at(-1) ?? null
      // An erased situation keeps only its audit trail: no part to open.
      const access = Object.fromEntries(PARTS.map((part) => [part, situation.erasedAt ? 'none' : accessToPart(context, part)]))
      return c.json({
        id: situation.id,
        title: situation.title,
        ...situationFields(situation, deps.retentionYears),
        personName: situation.personName,
        role: member!.role,
        access,
        me: { memberId: member!.id, userId: member!.userId },
        coordinator: coordinator && { memberId: coordinator.id, name: coordinator.name },
        members: members.map(publicMember),
        consent: { objection: context.sharingObjection ?? false },
      } satisfies Omit<SituationDetail, 'access'> & { access: Record<string, unknown> })
    })
    /** The response level (1–4) can change over time; coordinator only; each change is on the life line. */
    .post('/situations/:id/level', async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      const { level } = await readJson(c, levelBody)
      await changeLevel(deps, situation, level, { userId: c.get('user')!.id, address: remoteAddress(c) })
      return c.json({ id: situation.id, level })
    })
    /** Part 1 of the plan: the person's identity. Read by whoever reads the circle; written by the coordinator only. */
    .get('/situations/:id/identity', async (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      if (!canReadCircle(context)) throw new HttpError(404, 'not found')
      return c.json(await readIdentity(deps, context.situation, { userId: c.get('user')!.id, address: remoteAddress(c) }))
    })
    .put('/situations/:id/identity', async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'manageMembers')
      const identity = await readJson(c, identityBody)
      await writeIdentity(deps, situation, identity, { userId: c.get('user')!.id, address: remoteAddress(c) })
      return c.json({ identity })
    })
}
