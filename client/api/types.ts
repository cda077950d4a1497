import type { PlanKind, Role, Sector } from '../../shared/domain/roles.ts'
import type { Access } from '../../shared/schema/parts.ts'

/** Shapes of the server's JSON answers (DESIGN.md section 5). */

export interface Me {
  id: string
  name: string
  email: string
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
}

export interface Member {
  id: string
  userId: string | null
  name: string
  role: Role
  sector: Sector | null
  organisation: string
  mission: string
  contact: string
  careTeam: boolean
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
}
