/**
 * The territory's view (DESIGN.md 5b "Territory"): what a PAG's unmet goal
 * says is missing, the statistical-secrecy threshold, and the shape of the
 * dashboard both sides read. Enumerations live here so the server's
 * document rules, the projection and the client all read one list.
 */
import type { PlanKind } from './roles.ts'

/**
 * The kind of answer a PAG's unmet goal is missing ("réponse accompagnée
 * pour tous"): no place free in an existing service, a service that does
 * not exist on the territory, a financial or administrative block, a
 * waiting list.
 */
export const MISSING_ANSWERS = ['place', 'absentService', 'blocked', 'waitingList'] as const
export type MissingAnswer = (typeof MISSING_ANSWERS)[number]

export const isMissingAnswer = (value: unknown): value is MissingAnswer =>
  typeof value === 'string' && (MISSING_ANSWERS as readonly string[]).includes(value)

/** Counts under this are never shown (statistical secrecy, as the DREES and INSEE practise it). */
export const SUPPRESSION_THRESHOLD = 5

/** A département code: 01–95 with Corsica as 2A/2B (no 20 since 1976), or 971–976. */
export const DEPARTEMENT_PATTERN = /^(?:0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5]|2[AB]|97[1-6])$/

/** A count as the dashboard sends it: `value` null and `suppressed` true under the threshold or to protect another cell. */
export interface Count {
  value: number | null
  suppressed: boolean
}

export interface DashboardFilters {
  /** First day of the period, YYYY-MM-DD. */
  from: string
  /** Last day of the period, YYYY-MM-DD. */
  to: string
  kind: PlanKind | null
  level: number | null
}

/** A table with margins: `cells[row][col]`, each row's total, each column's total and the grand total. */
export interface CountTable {
  rows: string[]
  columns: string[]
  cells: Count[][]
  rowTotals: Count[]
  columnTotals: Count[]
  total: Count
}

export interface NeedAggregate {
  code: string
  label: string
  /** People (situations) with an unmet goal naming this need. */
  people: Count
  /** Median days since the need was left without its target answer; null when `people` is suppressed. */
  medianDaysWithoutAnswer: number | null
  /** The same people by kind of missing answer (`unspecified` when the plan does not say). */
  byMissingAnswer: Record<MissingAnswer | 'unspecified', Count>
}

export interface MonthAggregate {
  month: string
  ruptures: Count
  hospitalisations: Count
}

export interface CommuneAggregate {
  /** INSEE code, or `other` for the communes grouped because their counts are small. */
  code: string
  name: string
  activeSituations: Count
  peopleWithUnmetNeeds: Count
}

export interface TerritoryDashboard {
  departement: string
  departementName: string
  generatedAt: string
  filters: DashboardFilters
  threshold: number
  /** Active situations by plan kind (rows) and response level (columns, `none` when not set). */
  situations: CountTable
  needs: NeedAggregate[]
  /** People with at least one coded unmet need. */
  peopleWithUnmetNeeds: Count
  months: MonthAggregate[]
  reviewsOverdue: Count
  communes: CommuneAggregate[]
}
