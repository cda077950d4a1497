import { nanoid } from 'nanoid'
import { todayInParis } from '../../shared/domain/dates.ts'
import type { PlanKind, Role } from '../../shared/domain/roles.ts'
import type { RequesterKind } from '../../shared/domain/intake.ts'
import type { IntakeRequest, NewIntakeRequest, RedirectRequestBody, ServiceSummary } from '../../shared/api/intake.ts'
import { canDecideRequest, canReadRequest, type RequestReader } from '../auth/policy.ts'
import { recordLevelEvent } from './intake-level.ts'
import type { ResponseLevel } from '../../shared/domain/situation-fields.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { RequestRow, RequestRows } from '../storage/requests.ts'
import type { ServiceRows } from '../storage/services.ts'
import type { IdentityRows } from '../storage/person-identity.ts'
import type { RecordRows } from '../storage/records.ts'
import type { ConsentRows } from '../storage/consent.ts'
import type { UserRows } from '../storage/users.ts'
import { DomainError } from './errors.ts'
import { addMember, createSituation, type SituationDeps } from './situations.ts'
import type { SituationRow } from '../storage/situations.ts'

export interface IntakeDeps extends SituationDeps {
  requests: RequestRows
  services: ServiceRows
  identities: IdentityRows
  records: RecordRows
  audit: AuditRows
  users: UserRows
  consent: ConsentRows
}

export interface Actor {
  userId: string
  name: string
  address: string
}

/** `POST /api/requests` as the use case takes it (the wire type, with its level checked). */
export type NewRequest = NewIntakeRequest

/** How this user stands toward one request: their role in its service, whether they recorded it. */
const readerOf = async (deps: Pick<IntakeDeps, 'services'>, request: RequestRow, userId: string): Promise<RequestReader> => ({
  serviceRole: await deps.services.roleOf(request.serviceId, userId),
  recordedIt: request.createdBy === userId,
})

const withDecision = async (deps: Pick<IntakeDeps, 'services'>, row: RequestRow, userId: string): Promise<IntakeRequest> => ({
  ...row,
  canDecide: row.status === 'waiting' && canDecideRequest(await readerOf(deps, row, userId)),
})

/** Every service a request may be addressed to: id, name and kind, nothing about who works there. */
export const listServices = (deps: Pick<IntakeDeps, 'services'>): Promise<ServiceSummary[]> => deps.services.list()

/**
 * The service a new request goes to: the one named, or the only one there is
 * (so a client that predates services keeps working on a single-service server).
 */
async function serviceFor(deps: Pick<IntakeDeps, 'services'>, serviceId: string | undefined): Promise<ServiceSummary> {
  if (serviceId) {
    const service = await deps.services.byId(serviceId)
    if (!service) throw new DomainError(400, 'invalid or missing field: serviceId (no such service)', { field: 'serviceId' })
    return service
  }
  const all = await deps.services.list()
  if (all.length === 1) return all[0]!
  throw new DomainError(400, all.length === 0 ? 'no service receives requests yet (npm run create-user -- --service)' : 'invalid or missing field: serviceId', {
    field: 'serviceId',
  })
}

/**
 * Recording a request: any signed-in user addresses it to a service (a
 * professional of the territory asking a DAC, the service's own desk
 * writing down a phone call). The recorder may then read it, never decide it
 * unless they coordinate that service.
 */
export async function recordRequest(deps: IntakeDeps, input: NewRequest, actor: Actor, now = new Date()): Promise<IntakeRequest> {
  const service = await serviceFor(deps, input.serviceId)
  const row = {
    id: nanoid(12),
    createdAt: now.toISOString(),
    createdBy: actor.userId,
    serviceId: service.id,
    requesterKind: input.requesterKind,
    requesterName: input.requesterName,
    requesterOrganisation: input.requesterOrganisation ?? '',
    requesterContact: input.requesterContact ?? '',
    requesterUserId: input.requesterIsMe ? actor.userId : null,
    person: input.person,
    reason: input.reason,
    difficulties: input.difficulties ?? '',
    urgency: input.urgency,
    personInformed: input.personInformed,
    personAgrees: input.personAgrees,
    consentHow: input.consentHow ?? '',
    level: input.level ?? null,
    territory: input.territory ?? null,
  }
  await deps.requests.insert(row)
  // Never the person's name or the reason: the audit trail holds no health data.
  await deps.audit.append({ situationId: null, userId: actor.userId, action: 'request.record', target: row.id, detail: { urgency: row.urgency, serviceId: service.id }, address: actor.address })
  return withDecision(deps, (await deps.requests.byId(row.id))!, actor.userId)
}

/** The intake list as this user may see it (their services' requests and the ones they recorded), newest first. */
export async function listRequests(deps: IntakeDeps, userId: string): Promise<IntakeRequest[]> {
  return Promise.all((await deps.requests.visibleTo(userId)).map((row) => withDecision(deps, row, userId)))
}

/** Opening one request's page: read it (same rule as readRequest), and the opening in the audit trail. */
export async function openRequest(deps: IntakeDeps, requestId: string, actor: Actor): Promise<IntakeRequest> {
  const row = await readRequest(deps, requestId, actor.userId)
  await deps.audit.append({ situationId: row.situationId, userId: actor.userId, action: 'request.open', target: row.id, address: actor.address })
  return row
}

export async function readRequest(deps: IntakeDeps, requestId: string, userId: string): Promise<IntakeRequest> {
  const row = await deps.requests.byId(requestId)
  // Same answer for unknown and not visible: ids reveal nothing.
  if (!row || !canReadRequest(await readerOf(deps, row, userId))) throw new DomainError(404, 'not found')
  return withDecision(deps, row, userId)
}

const decidable = async (deps: IntakeDeps, requestId: string, userId: string): Promise<IntakeRequest> => {
  const row = await readRequest(deps, requestId, userId)
  if (!canDecideRequest(await readerOf(deps, row, userId))) throw new DomainError(403, 'only a coordinator of the service decides a request')
  if (row.status !== 'waiting') throw new DomainError(409, 'this request was already decided', { reason: 'alreadyDecided' })
  return row
}

const REQUESTER_ROLE: Record<RequesterKind, Role> = { professional: 'professional', person: 'person', family: 'relative' }

/**
 * The person's agreement collected with the request becomes the situation's
 * first consent record (DESIGN 5b: consent recorded with how and when), so
 * the circle does not start with "no consent" when it was given. Given by
 * the person through the requester before anyone was in the circle: no
 * member gave it, `how` is oral (relayed), and the requester's words on how
 * it was collected stay in the comment. An unknown or refused agreement
 * records nothing: the coordinator collects it with the person.
 */
async function recordIntakeConsent(deps: Pick<IntakeDeps, 'consent' | 'audit'>, situationId: string, request: RequestRow, actor: Actor, now: Date): Promise<void> {
  if (request.personAgrees !== 'yes') return
  const row = {
    id: nanoid(12),
    situationId,
    status: 'agreed' as const,
    informed: request.personInformed,
    how: 'oral',
    givenByMember: null,
    recordedBy: actor.userId,
    givenAt: request.createdAt,
    recordedAt: now.toISOString(),
    comment: request.consentHow ? `Recueilli avec la demande d’appui : ${request.consentHow}` : 'Recueilli avec la demande d’appui',
  }
  await deps.consent.insert(row)
  await deps.audit.append({ situationId, userId: actor.userId, action: 'consent.agreed', target: null, detail: { how: row.how, from: 'request' }, address: actor.address })
}

/**
 * Accepts a request: it becomes a situation with its plan kind, territory
 * and level; the person's identity goes to part 1 of the plan; the requester
 * joins the circle (with their account when they sent it from Concerto,
 * else as a member without one). Level and acceptance go on the life line.
 */
export async function acceptRequest(
  deps: IntakeDeps,
  requestId: string,
  input: { kind: PlanKind; level: ResponseLevel; territory: string | null; title?: string },
  actor: Actor,
  now = new Date(),
): Promise<SituationRow> {
  const request = await decidable(deps, requestId, actor.userId)
  const title = input.title?.trim() || request.person.name
  const { situation } = await createSituation(
    deps,
    { title, kind: input.kind, personName: request.person.name, level: input.level, territory: input.territory ?? request.territory },
    { userId: actor.userId, name: actor.name },
    now,
  )
  if (!(await deps.requests.decide({ id: request.id, status: 'accepted', decidedAt: now.toISOString(), decidedBy: actor.userId, decisionNote: '', redirectedTo: '', situationId: situation.id, level: input.level }))) {
    // Another coordinator decided it in between: the situation just made stays, the request is theirs.
    throw new DomainError(409, 'this request was already decided', { reason: 'alreadyDecided' })
  }
  await deps.services.attachSituation(situation.id, request.serviceId)
  await deps.identities.put({ situationId: situation.id, data: request.person, updatedAt: now.toISOString(), updatedBy: actor.userId })
  if (request.requesterUserId !== actor.userId) {
    const requester = request.requesterUserId ? await deps.users.byId(request.requesterUserId) : undefined
    await addMember(deps, situation.id, {
      userId: requester?.id ?? null,
      name: request.requesterName,
      role: REQUESTER_ROLE[request.requesterKind],
      organisation: request.requesterOrganisation,
      contact: request.requesterContact,
      mission: 'Demandeur',
    }, now)
  }
  await recordIntakeConsent(deps, situation.id, request, actor, now)
  const date = todayInParis(now)
  await deps.records.insertEvent({ id: nanoid(12), situationId: situation.id, date, kind: 'newService', title: 'Demande d’appui acceptée', detail: '', createdBy: actor.userId, createdAt: now.toISOString() })
  await recordLevelEvent(deps, situation.id, input.level, actor.userId, now)
  await deps.audit.append({ situationId: situation.id, userId: actor.userId, action: 'request.accept', target: request.id, detail: { level: input.level, kind: input.kind, serviceId: request.serviceId }, address: actor.address })
  return situation
}

/**
 * Redirecting: to another service of Concerto (`serviceId`: the request moves
 * there, still waiting, out of this service's list, with the reason as its
 * note) or to an outside service named in free text (`to`: decided here).
 */
export async function redirectRequest(deps: IntakeDeps, requestId: string, input: RedirectRequestBody & { reason: string }, actor: Actor, now = new Date()): Promise<IntakeRequest> {
  const request = await decidable(deps, requestId, actor.userId)
  if (input.serviceId) {
    const target = await deps.services.byId(input.serviceId)
    if (!target) throw new DomainError(400, 'invalid or missing field: serviceId (no such service)', { field: 'serviceId' })
    if (target.id === request.serviceId) throw new DomainError(400, 'invalid or missing field: serviceId (the request is already addressed to this service)', { field: 'serviceId' })
    if (!(await deps.requests.move({ id: request.id, fromServiceId: request.serviceId, toServiceId: target.id, note: input.reason }))) {
      throw new DomainError(409, 'this request was already decided', { reason: 'alreadyDecided' })
    }
    // Which services, never the reason: the audit trail holds no health data.
    await deps.audit.append({ situationId: null, userId: actor.userId, action: 'request.redirect', target: request.id, detail: { fromService: request.serviceId, toService: target.id }, address: actor.address })
    // The one who moved it gets it back once, with their right as it now stands.
    return withDecision(deps, (await deps.requests.byId(request.id))!, actor.userId)
  }
  const to = input.to?.trim() ?? ''
  if (!to) throw new DomainError(400, 'invalid or missing field: to', { field: 'to' })
  if (!(await deps.requests.decide({ id: request.id, status: 'redirected', decidedAt: now.toISOString(), decidedBy: actor.userId, decisionNote: input.reason, redirectedTo: to, situationId: null, level: null }))) {
    throw new DomainError(409, 'this request was already decided', { reason: 'alreadyDecided' })
  }
  await deps.audit.append({ situationId: null, userId: actor.userId, action: 'request.redirect', target: request.id, detail: { fromService: request.serviceId }, address: actor.address })
  return withDecision(deps, (await deps.requests.byId(request.id))!, actor.userId)
}

/** A level 1 answer (information, orientation): recorded, no situation opened. */
export async function answerRequest(deps: IntakeDeps, requestId: string, input: { answer: string }, actor: Actor, now = new Date()): Promise<IntakeRequest> {
  const request = await decidable(deps, requestId, actor.userId)
  if (!(await deps.requests.decide({ id: request.id, status: 'answered', decidedAt: now.toISOString(), decidedBy: actor.userId, decisionNote: input.answer, redirectedTo: '', situationId: null, level: 1 }))) {
    throw new DomainError(409, 'this request was already decided', { reason: 'alreadyDecided' })
  }
  await deps.audit.append({ situationId: null, userId: actor.userId, action: 'request.answer', target: request.id, detail: { level: 1 }, address: actor.address })
  return withDecision(deps, (await deps.requests.byId(request.id))!, actor.userId)
}
