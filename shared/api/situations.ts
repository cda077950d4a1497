import type { PlanKind, Role } from '../domain/roles.ts'
import type { ResponseLevel, SituationStage } from '../domain/situation-fields.ts'
import type { Access } from '../schema/parts.ts'
import type { Member } from './members.ts'

/**
 * A situation's wire types: `GET /api/situations` (the list), `GET
 * /api/situations/:id` (one situation, the caller's rights and its circle)
 * and `GET /api/me/actions`. Declared once here; server/http/situations.ts and
 * server/domain/my-actions.ts answer with them.
 */

/** The situation fields every reader gets (DESIGN.md 5b), with when it will be erased once closed. */
export interface SituationFields {
  kind: PlanKind
  status: 'open' | 'closed'
  stage?: SituationStage
  level?: ResponseLevel | null
  /** INSEE code of the person's commune. */
  territory?: string | null
  reviewDate: string | null
  closedAt?: string | null
  closedReason?: string | null
  retainUntil?: string | null
  erasedAt?: string | null
}

/** The next meeting of a situation to prepare (planned or running, not past). */
export interface NextMeeting {
  id: string
  kind: 'gos' | 'msp' | 'dac' | 'synthesis'
  startsAt: string
  status: 'planned' | 'started' | 'ended'
}

/** One line of "Mes situations". */
export interface SituationSummary extends SituationFields {
  id: string
  title: string
  role: Role
  coordinatorName: string | null
  personName: string
  /** Open actions I own (or my organisation owns) in this situation. */
  openActions?: number
  reviewOverdue?: boolean
  nextMeeting?: NextMeeting | null
}

/** One situation as its member sees it: rights per part, who I am in it, the circle. */
export interface SituationDetail extends SituationFields {
  id: string
  title: string
  personName: string
  role: Role
  access: { plan: Access; health: Access; person: Access }
  me: { memberId: string; userId: string | null }
  coordinator: { memberId: string; name: string } | null
  members: Member[]
  consent?: { objection: boolean }
}

/** One line of "Mes actions": a plan action I (or my organisation) own. */
export interface MyAction {
  id: string
  situationId: string
  situationTitle: string
  goalId: string | null
  title: string
  owner: string | null
  ownedBy: 'me' | 'organisation'
  dueDate: string | null
  /** One of ACTION_STATUSES (shared/schema/plan.ts) as projected from the plan; the projection stores it as text. */
  status: string
  overdue: boolean
}
