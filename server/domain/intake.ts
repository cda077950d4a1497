import { nanoid } from 'nanoid'
import type { PlanKind, Role } from '../../shared/domain/roles.ts'
import type { PersonIdentity, PersonAgrees, RequesterKind, Urgency } from '../../shared/domain/intake.ts'
import { recordLevelEvent } from './intake-level.ts'
import type { ResponseLevel } from '../../shared/domain/situation-fields.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { RequestRow, RequestRows } from '../storage/requests.ts'
import type { IdentityRows } from '../storage/person-identity.ts'
import type { RecordRows } from '../storage/records.ts'
import type { UserRows } from '../storage/users.ts'
import { DomainError } from './errors.ts'
import { addMember, createSituation, type SituationDeps } from './situations.ts'
import type { SituationRow } from '../storage/situations.ts'

export interface IntakeDeps extends SituationDeps {
  requests: RequestRows
  identities: IdentityRows
  records: RecordRows
  audit: AuditRows
  users: UserRows
}

export interface Actor {
  userId: string
  name: string
  address: string
}

export interface NewRequest {
  requesterKind: RequesterKind
  requesterName: string
  requesterOrganisation?: string
  requesterContact?: string
  /** True when the caller is the requester (a professional sending their own request). */
  requesterIsMe?: boolean
  person: PersonIdentity
  reason: string
  difficulties?: string
  urgency: Urgency
  personInformed: boolean
  personAgrees: PersonAgrees
  consentHow?: string
  level?: ResponseLevel | null
  territory?: string | null
}

/**
 * Coordinators of the service: whoever coordinates at least one situation
 * sees every request. Anyone else sees the requests they recorded.
 */
export const isServiceCoordinator = (deps: Pick<IntakeDeps, 'situations'>, userId: string): boolean =>
  deps.situations.membershipsOfUser(userId).some((member) => member.role === 'coordinator')

const canSee = (deps: IntakeDeps, request: RequestRow, userId: string) => request.createdBy === userId || isServiceCoordinator(deps, userId)

/**
 * Deciding: a coordinator of the service, or whoever recorded the request for
 * someone else (the intake desk of a new service, before its first situation).
 * A professional who sent their own request never accepts it themselves.
 */
const canDecide = (deps: IntakeDeps, request: RequestRow, userId: string) =>
  isServiceCoordinator(deps, userId) || (request.createdBy === userId && request.requesterUserId !== userId)

export function recordRequest(deps: IntakeDeps, input: NewRequest, actor: Actor, now = new Date()): RequestRow {
  const row = {
    id: nanoid(12),
    createdAt: now.toISOString(),
    createdBy: actor.userId,
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
  deps.requests.insert(row)
  // Never the person's name or the reason: the audit trail holds no health data.
  deps.audit.append({ situationId: null, userId: actor.userId, action: 'request.record', target: row.id, detail: { urgency: row.urgency }, address: actor.address })
  return deps.requests.byId(row.id)!
}

/** The intake list as this user may see it, newest first; `mine` tells whether they may decide each. */
export function listRequests(deps: IntakeDeps, userId: string): (RequestRow & { canDecide: boolean })[] {
  const rows = isServiceCoordinator(deps, userId) ? deps.requests.list() : deps.requests.ofCreator(userId)
  return rows.map((row) => ({ ...row, canDecide: row.status === 'waiting' && canDecide(deps, row, userId) }))
}

export function readRequest(deps: IntakeDeps, requestId: string, userId: string): RequestRow & { canDecide: boolean } {
  const row = deps.requests.byId(requestId)
  // Same answer for unknown and not visible: ids reveal nothing.
  if (!row || !canSee(deps, row, userId)) throw new DomainError(404, 'not found')
  return { ...row, canDecide: row.status === 'waiting' && canDecide(deps, row, userId) }
}

const decidable = (deps: IntakeDeps, requestId: string, userId: string): RequestRow => {
  const row = readRequest(deps, requestId, userId)
  if (!canDecide(deps, row, userId)) throw new DomainError(403, 'only a coordinator of the service decides a request')
  if (row.status !== 'waiting') throw new DomainError(409, 'this request was already decided', { reason: 'alreadyDecided' })
  return row
}

const REQUESTER_ROLE: Record<RequesterKind, Role> = { professional: 'professional', person: 'person', family: 'relative' }

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
  const request = decidable(deps, requestId, actor.userId)
  const title = input.title?.trim() || request.person.name
  const { situation } = await createSituation(
    deps,
    { title, kind: input.kind, personName: request.person.name, level: input.level, territory: input.territory ?? request.territory },
    { userId: actor.userId, name: actor.name },
    now,
  )
  if (!deps.requests.decide({ id: request.id, status: 'accepted', decidedAt: now.toISOString(), decidedBy: actor.userId, decisionNote: '', redirectedTo: '', situationId: situation.id, level: input.level })) {
    // Another coordinator decided it in between: the situation just made stays, the request is theirs.
    throw new DomainError(409, 'this request was already decided', { reason: 'alreadyDecided' })
  }
  deps.identities.put({ situationId: situation.id, data: request.person, updatedAt: now.toISOString(), updatedBy: actor.userId })
  if (request.requesterUserId !== actor.userId) {
    const requester = request.requesterUserId ? deps.users.byId(request.requesterUserId) : undefined
    addMember(deps, situation.id, {
      userId: requester?.id ?? null,
      name: request.requesterName,
      role: REQUESTER_ROLE[request.requesterKind],
      organisation: request.requesterOrganisation,
      contact: request.requesterContact,
      mission: 'Demandeur',
    }, now)
  }
  const date = now.toISOString().slice(0, 10)
  deps.records.insertEvent({ id: nanoid(12), situationId: situation.id, date, kind: 'newService', title: 'Demande d’appui acceptée', detail: '', createdBy: actor.userId, createdAt: now.toISOString() })
  recordLevelEvent(deps, situation.id, input.level, actor.userId, now)
  deps.audit.append({ situationId: situation.id, userId: actor.userId, action: 'request.accept', target: request.id, detail: { level: input.level, kind: input.kind }, address: actor.address })
  return situation
}

export function redirectRequest(deps: IntakeDeps, requestId: string, input: { to: string; reason: string }, actor: Actor, now = new Date()): RequestRow {
  const request = decidable(deps, requestId, actor.userId)
  deps.requests.decide({ id: request.id, status: 'redirected', decidedAt: now.toISOString(), decidedBy: actor.userId, decisionNote: input.reason, redirectedTo: input.to, situationId: null, level: null })
  deps.audit.append({ situationId: null, userId: actor.userId, action: 'request.redirect', target: request.id, address: actor.address })
  return deps.requests.byId(request.id)!
}

/** A level 1 answer (information, orientation): recorded, no situation opened. */
export function answerRequest(deps: IntakeDeps, requestId: string, input: { answer: string }, actor: Actor, now = new Date()): RequestRow {
  const request = decidable(deps, requestId, actor.userId)
  deps.requests.decide({ id: request.id, status: 'answered', decidedAt: now.toISOString(), decidedBy: actor.userId, decisionNote: input.answer, redirectedTo: '', situationId: null, level: 1 })
  deps.audit.append({ situationId: null, userId: actor.userId, action: 'request.answer', target: request.id, detail: { level: 1 }, address: actor.address })
  return deps.requests.byId(request.id)!
}
