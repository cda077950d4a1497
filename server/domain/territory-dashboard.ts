import { PLAN_KINDS } from '../../shared/domain/roles.ts'
import { serafinLabel } from '../../shared/domain/serafin-ph.ts'
import { compareCodes } from '../../shared/schema/plan.ts'
import {
  MISSING_ANSWERS,
  SUPPRESSION_THRESHOLD,
  type CommuneAggregate,
  type DashboardFilters,
  type MissingAnswer,
  type NeedAggregate,
  type TerritoryDashboard,
} from '../../shared/domain/territory.ts'
import type { TerritoryDashboardRows } from '../storage/territory-dashboard.ts'
import type { CommuneIndex } from './territory-communes.ts'
import { readTable, suppressCounts, tableFigures, toCount, type Relation } from './territory-suppression.ts'

export interface TerritoryDashboardDeps {
  dashboard: TerritoryDashboardRows
  communes: () => Promise<CommuneIndex>
}

export const LEVEL_COLUMNS = ['1', '2', '3', '4', 'none'] as const
const ANSWER_COLUMNS = [...MISSING_ANSWERS, 'unspecified'] as const
const DAY_MS = 86_400_000

/**
 * One département's dashboard: grouped counts from SQL, folded here into
 * aggregates, then protected as one system (a figure in one table may be
 * the sum of figures in another: the communes add up to the département).
 * Only codes, counts, months, commune codes and names leave this function.
 */
export async function buildTerritoryDashboard(
  deps: TerritoryDashboardDeps,
  departement: string,
  filters: DashboardFilters,
  today: string,
): Promise<TerritoryDashboard> {
  const communes = await deps.communes()
  const query = { departement, from: filters.from, to: filters.to, kind: filters.kind, level: filters.level, today }

  // Active situations by kind and level.
  const kindRows = [...PLAN_KINDS]
  const cells = kindRows.map(() => LEVEL_COLUMNS.map(() => 0))
  const activeByCommune = new Map<string, number>()
  let overdueCount = 0
  for (const row of await deps.dashboard.situations(query)) {
    const r = kindRows.indexOf(row.kind as (typeof PLAN_KINDS)[number])
    const c = row.level === null ? LEVEL_COLUMNS.length - 1 : LEVEL_COLUMNS.indexOf(String(row.level) as (typeof LEVEL_COLUMNS)[number])
    if (r < 0 || c < 0) continue
    cells[r]![c]! += row.n
    activeByCommune.set(row.territory, (activeByCommune.get(row.territory) ?? 0) + row.n)
    overdueCount += row.overdue
  }
  const table = tableFigures(cells)
  const values = [...table.values]
  const relations: Relation[] = [...table.relations]
  const add = (value: number) => values.push(value) - 1

  // Needs: people per code, per code and kind of missing answer, and the time without an answer.
  const needRows = await deps.dashboard.needs(query)
  const end = Math.min(Date.parse(`${today}T00:00:00Z`), Date.parse(`${filters.to}T00:00:00Z`))
  const byCode = new Map<string, { people: Set<number>; answers: Map<string, Set<number>>; since: Map<number, number> }>()
  const peopleWithNeeds = new Set<number>()
  const peopleByCommune = new Map<string, Set<number>>()
  for (const [situation, territory, code, missingAnswer, missingSince] of needRows) {
    let entry = byCode.get(code)
    if (!entry) byCode.set(code, (entry = { people: new Set(), answers: new Map(), since: new Map() }))
    entry.people.add(situation)
    const answer = missingAnswer && (MISSING_ANSWERS as readonly string[]).includes(missingAnswer) ? missingAnswer : 'unspecified'
    let answered = entry.answers.get(answer)
    if (!answered) entry.answers.set(answer, (answered = new Set()))
    answered.add(situation)
    // The need's time without an answer runs from its earliest date in the plan.
    const since = Date.parse(`${missingSince}T00:00:00Z`)
    const previous = entry.since.get(situation)
    if (!Number.isNaN(since) && (previous === undefined || since < previous)) entry.since.set(situation, since)
    peopleWithNeeds.add(situation)
    let inCommune = peopleByCommune.get(territory)
    if (!inCommune) peopleByCommune.set(territory, (inCommune = new Set()))
    inCommune.add(situation)
  }
  const peopleTotal = add(peopleWithNeeds.size)
  const codes = [...byCode.keys()].sort(compareCodes)
  const needFigures = codes.map((code) => {
    const entry = byCode.get(code)!
    const people = add(entry.people.size)
    const answers = ANSWER_COLUMNS.map((answer) => add(entry.answers.get(answer)?.size ?? 0))
    relations.push({ parts: answers, total: people })
    const days = [...entry.since.values()].map((since) => Math.max(0, Math.round((end - since) / DAY_MS))).sort((a, b) => a - b)
    return { code, people, answers, median: median(days) }
  })

  // Communes: those with enough active situations by name, the others together.
  const named = [...activeByCommune.entries()].filter(([, n]) => n >= SUPPRESSION_THRESHOLD).map(([code]) => code).sort()
  const others = [...activeByCommune.keys()].filter((code) => !named.includes(code))
  const sumOver = (codesOf: string[], of: (code: string) => number) => codesOf.reduce((sum, code) => sum + of(code), 0)
  const peopleIn = (code: string) => peopleByCommune.get(code)?.size ?? 0
  const communeRows = [
    ...named.map((code) => ({ code, name: communes.byCode(code)?.name ?? code, active: activeByCommune.get(code)!, people: peopleIn(code) })),
    ...(others.length > 0
      ? [{ code: 'other', name: 'Autres communes', active: sumOver(others, (code) => activeByCommune.get(code)!), people: sumOver(others, peopleIn) }]
      : []),
  ].map((row) => ({ ...row, activeIndex: add(row.active), peopleIndex: add(row.people) }))
  // The communes add up to the département's figures shown elsewhere.
  relations.push({ parts: communeRows.map((row) => row.activeIndex), total: table.total })
  relations.push({ parts: communeRows.map((row) => row.peopleIndex), total: peopleTotal })

  // Ruptures and hospitalisations per month (no totals shown: each count stands alone).
  const eventCounts = new Map((await deps.dashboard.events(query)).map((row) => [`${row.month}|${row.kind}`, row.n]))
  const monthFigures = monthsBetween(filters.from, filters.to).map((month) => ({
    month,
    ruptures: add(eventCounts.get(`${month}|rupture`) ?? 0),
    hospitalisations: add(eventCounts.get(`${month}|hospitalisation`) ?? 0),
  }))
  const overdue = add(overdueCount)

  const hidden = suppressCounts(values, relations)
  const count = (index: number) => toCount(values[index]!, hidden[index]!)

  const needs: NeedAggregate[] = needFigures.map((figure) => ({
    code: figure.code,
    label: serafinLabel(figure.code),
    people: count(figure.people),
    medianDaysWithoutAnswer: hidden[figure.people] ? null : figure.median,
    byMissingAnswer: Object.fromEntries(ANSWER_COLUMNS.map((answer, i) => [answer, count(figure.answers[i]!)])) as Record<MissingAnswer | 'unspecified', ReturnType<typeof count>>,
  }))
  const communeAggregates: CommuneAggregate[] = communeRows.map((row) => ({
    code: row.code,
    name: row.name,
    activeSituations: count(row.activeIndex),
    peopleWithUnmetNeeds: count(row.peopleIndex),
  }))
  return {
    departement,
    departementName: communes.departementName(departement) ?? departement,
    generatedAt: new Date().toISOString(),
    filters,
    threshold: SUPPRESSION_THRESHOLD,
    situations: readTable(kindRows, [...LEVEL_COLUMNS], table, hidden),
    needs,
    peopleWithUnmetNeeds: count(peopleTotal),
    months: monthFigures.map((figure) => ({ month: figure.month, ruptures: count(figure.ruptures), hospitalisations: count(figure.hospitalisations) })),
    reviewsOverdue: count(overdue),
    communes: communeAggregates,
  }
}

const median = (sorted: number[]): number | null => {
  if (sorted.length === 0) return null
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2)
}

/** `YYYY-MM` of each month from `from` to `to`, at most 60. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = []
  let year = Number(from.slice(0, 4))
  let month = Number(from.slice(5, 7))
  const last = to.slice(0, 7)
  while (months.length < 60) {
    const key = `${year}-${String(month).padStart(2, '0')}`
    if (key > last) break
    months.push(key)
    month++
    if (month > 12) {
      month = 1
      year++
    }
  }
  return months
}
