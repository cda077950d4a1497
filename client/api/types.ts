import type { PlanKind, Role, Sector } from '../../shared/domain/roles.ts'
import type { Access } from '../../shared/schema/parts.ts'

/** Shapes of the server's JSON answers (DESIGN.md section 5). */

export interface Me {
  id: string
  name: string
  email: string
  /** The session was opened on a shared device (no offline copy, short idle time). */
  sharedDevice?: boolean
}

export interface SituationSummary {
  id: string
  title: string
  kind: PlanKind
  role: Role
  status: 'open' | 'closed'
  reviewDate: string | null
  coordinatorName: string | null
  personName: string
  /** Open actions I own (or my organisation owns) in this situation. */
  openActions?: number
  reviewOverdue?: boolean
}

export interface Member {
  id: string
  userId: string | null
  name: string
  role: Role
  sector: Sector | null
  organisation: string
  /** "infirmière", "médecin généraliste": for plain words in the easy-read plan. */
  profession?: string
  mission: string
  contact: string
  careTeam: boolean
  planHidden?: boolean
}

export interface SituationDetail {
  id: string
  title: string
  kind: PlanKind
  status: 'open' | 'closed'
  reviewDate: string | null
  personName: string
  role: Role
  access: { plan: Access; health: Access; person: Access }
  me: { memberId: string; userId: string }
  coordinator: { memberId: string; name: string } | null
  members: Member[]
  consent?: { objection: boolean }
}

export interface MyAction {
  id: string
  situationId: string
  situationTitle: string
  goalId: string | null
  title: string
  owner: string | null
  ownedBy: 'me' | 'organisation'
  dueDate: string | null
  status: 'todo' | 'doing' | 'done' | 'dropped'
  overdue: boolean
}

export type AgreementStatus = 'agreed' | 'notAgreed' | 'pending'

export interface Agreement {
  status: AgreementStatus
  comment: string | null
  by: string
  byName: string
  at: string
}

export interface VersionSummary {
  id: string
  label: string
  createdAt: string
  createdBy: string
  meetingId: string | null
  agreement?: Agreement | null
}

export interface VersionDetail extends VersionSummary {
  /** Base64 Yjs updates, one per part the caller may read. */
  parts: { plan?: string; person?: string; health?: string }
}

/** Who wrote with which Yjs client id (the server's client-id binding). */
export type Authors = Record<string, { userId: string; name: string; role: string | null }>

export const TIMELINE_KINDS = ['meeting', 'version', 'handover', 'rupture', 'transition', 'hospitalisation', 'move', 'newService', 'event'] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

export interface TimelineEvent {
  id: string
  date: string
  kind: TimelineKind
  title: string
  detail: string | null
  by: string | null
  /** `health` for a clinical entry, listed only for readers of the health part. */
  part?: 'plan' | 'health'
}

export interface ConsentRecord {
  id: string
  status: 'agreed' | 'objected'
  how: string | null
  givenByMember: string | null
  recordedBy: string | null
  givenAt: string
  recordedAt: string
  comment: string | null
}

export interface ConsentState {
  /** The latest record (the one in force). */
  current: ConsentRecord | null
  objection: boolean
  history: ConsentRecord[]
}

export interface InvitationInfo {
  purpose: string
  role: string
  name: string | null
  email: string | null
  /** The login name the invitation is for, when it names no e-mail. */
  login?: string | null
  situationTitle: string
  expiresAt: string
}
