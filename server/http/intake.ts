import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { PLAN_KINDS } from '../../shared/domain/roles.ts'
import { LEGAL_PROTECTIONS, PERSON_AGREES, REQUESTER_KINDS, URGENCIES } from '../../shared/domain/intake.ts'
import { INSEE_COMMUNE_PATTERN, RESPONSE_LEVELS, type ResponseLevel } from '../../shared/domain/situation-fields.ts'
import { acceptRequest, answerRequest, listRequests, openRequest, recordRequest, redirectRequest, type IntakeDeps } from '../domain/intake.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { calendarDate } from './calendar-date.ts'

const text = (max: number) => z.string().trim().max(max)
const contact = z.object({ name: text(200).default(''), contact: text(300).default('') }).default({ name: '', contact: '' })

/** The person's identity as the intake form and part 1 of the plan send it. */
export const identityBody = z.object({
  name: text(200).min(1),
  birthDate: calendarDate().nullable().optional().transform((value) => value ?? null),
  address: text(500).default(''),
  phone: text(100).default(''),
  trustedPerson: contact,
  legalProtection: z.enum(LEGAL_PROTECTIONS).default('none'),
  legalProtectionHolder: contact,
  parentalAuthority: text(300).default(''),
  generalPractitioner: contact,
})

export const levelField = z
  .number()
  .int()
  .refine((value): value is ResponseLevel => (RESPONSE_LEVELS as readonly number[]).includes(value), 'expected a response level from 1 to 4')
const territoryField = z.string().regex(INSEE_COMMUNE_PATTERN, 'expected an INSEE commune code')

const requestBody = z.object({
  serviceId: z.string().min(1).max(100).optional(),
  requesterKind: z.enum(REQUESTER_KINDS),
  requesterName: text(200).min(1),
  requesterOrganisation: text(200).optional(),
  requesterContact: text(300).optional(),
  requesterIsMe: z.boolean().optional(),
  person: identityBody,
  reason: text(4000).min(1),
  difficulties: text(8000).optional(),
  urgency: z.enum(URGENCIES),
  personInformed: z.boolean(),
  personAgrees: z.enum(PERSON_AGREES),
  consentHow: text(500).optional(),
  level: levelField.nullable().optional(),
  territory: territoryField.nullable().optional(),
})
const acceptBody = z.object({
  kind: z.enum(PLAN_KINDS),
  level: levelField,
  territory: territoryField.nullable().optional(),
  title: text(200).optional(),
})
// To a service of Concerto (`serviceId`) or named in free text (`to`); the use case asks for one of them.
const redirectBody = z.object({ to: text(300).optional(), serviceId: z.string().min(1).max(100).optional(), reason: text(2000).min(1) })
const answerBody = z.object({ answer: text(4000).min(1) })

/** Requests for support: record one (addressed to a service), the intake list, and the service coordinator's decision (accept, redirect, answer at level 1). */
export function intakeRoutes(deps: IntakeDeps) {
  const actor = (c: Context<AppEnv>) => ({ userId: c.get('user')!.id, name: c.get('user')!.name, address: remoteAddress(c) })
  return new Hono<AppEnv>()
    .use('/requests', requireUser)
    .use('/requests/*', requireUser)
    .get('/requests', (c) => c.json(listRequests(deps, c.get('user')!.id)))
    .post('/requests', async (c) => {
      const body = await readJson(c, requestBody)
      return c.json(await recordRequest(deps, body, actor(c)), 201)
    })
    .get('/requests/:id', async (c) => c.json(await openRequest(deps, c.req.param('id'), actor(c))))
    .post('/requests/:id/accept', async (c) => {
      const body = await readJson(c, acceptBody)
      const situation = await acceptRequest(deps, c.req.param('id'), { ...body, territory: body.territory ?? null }, actor(c))
      return c.json({ requestId: c.req.param('id'), situationId: situation.id, situation: { ...situation, role: 'coordinator' } }, 201)
    })
    .post('/requests/:id/redirect', async (c) => c.json(await redirectRequest(deps, c.req.param('id'), await readJson(c, redirectBody), actor(c))))
    .post('/requests/:id/answer', async (c) => c.json(await answerRequest(deps, c.req.param('id'), await readJson(c, answerBody), actor(c))))
}
