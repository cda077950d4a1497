import type { PlanKind } from '../domain/roles.ts'
import type { PersonAgrees, PersonIdentity, RequesterKind, RequestStatus, Urgency } from '../domain/intake.ts'
import type { ResponseLevel } from '../domain/situation-fields.ts'

/**
 * The front door's wire types (issue 15): what `/api/requests` and
 * `/api/services` answer and take. Declared once here; the server's use
 * cases return them and the client's API module reads them.
 */

/** What kind of structure a service is: a DAC, an MDPH, an MSP, or another intake desk. */
export const SERVICE_KINDS = ['dac', 'mdph', 'msp', 'other'] as const
export type ServiceKind = (typeof SERVICE_KINDS)[number]

/** A member's role in a service: coordinators decide its requests, the intake desk reads them. */
export const SERVICE_ROLES = ['coordinator', 'intake'] as const
export type ServiceRole = (typeof SERVICE_ROLES)[number]

/** `GET /api/services`: every service a request may be addressed to (nothing about its members). */
export interface ServiceSummary {
  id: string
  name: string
  kind: ServiceKind
}

/** A request for support (demande d'appui) as stored: addressed to one service, decided once. */
export interface IntakeRequestRecord {
  id: string
  createdAt: string
  createdBy: string
  status: RequestStatus
  /** The service it is addressed to (it moves when redirected to another service of Concerto). */
  serviceId: string
  serviceName: string
  requesterKind: RequesterKind
  requesterName: string
  requesterOrganisation: string
  requesterContact: string
  /** The requester's account when they have one (a professional who sent it from Concerto). */
  requesterUserId: string | null
  person: PersonIdentity
  reason: string
  difficulties: string
  urgency: Urgency
  personInformed: boolean
  personAgrees: PersonAgrees
  consentHow: string
  level: ResponseLevel | null
  territory: string | null
  decidedAt: string | null
  decidedBy: string | null
  /** The decision's note (redirect reason, level 1 answer), or why it was passed on from another service while waiting. */
  decisionNote: string
  redirectedTo: string
  situationId: string | null
}

/** A request as its reader gets it: `canDecide` says whether this reader may accept, redirect or answer it now. */
export interface IntakeRequest extends IntakeRequestRecord {
  canDecide: boolean
}

/** `POST /api/requests`. `serviceId` may be left out only while Concerto knows exactly one service. */
export interface NewIntakeRequest {
  serviceId?: string
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

/** `POST /api/requests/:id/accept`. */
export interface AcceptRequestBody {
  kind: PlanKind
  level: ResponseLevel
  territory?: string | null
  title?: string
}

/** `POST /api/requests/:id/redirect`: to a service of Concerto (`serviceId`, the request moves there) or named in free text (`to`). */
export interface RedirectRequestBody {
  to?: string
  serviceId?: string
  reason: string
}

/** `POST /api/requests/:id/accept` answers the new situation's id. */
export interface AcceptedRequest {
  requestId: string
  situationId: string
}
