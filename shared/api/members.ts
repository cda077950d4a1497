import type { Role, Sector } from '../domain/roles.ts'

/** One member of a situation's circle as every reader gets it (`publicMember` in server/http/members.ts). */
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
  hasAccount?: boolean
}
