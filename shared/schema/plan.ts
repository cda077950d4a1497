import * as Y from 'yjs'
import { ASSESSMENT_DOMAINS, PLAN_ROOTS, type AssessmentDomain } from './roots.ts'
import { PLAN_KINDS, type PlanKind } from '../domain/roles.ts'
import { isSerafinNeedCode } from '../domain/serafin-ph.ts'
import { isMissingAnswer, type MissingAnswer } from '../domain/territory.ts'
import {
  buildRow,
  compareRows,
  findRow,
  oneOf,
  orderAfterLast,
  paragraphFragment,
  stringOrNull,
  updateRow,
  textOf,
  type Author,
  type RowMap,
} from './rows.ts'

/** Typed readers and writers over the plan document `<situationId>/plan`. */

export const GOAL_STATUSES = ['open', 'achieved', 'unmet', 'dropped'] as const
export type GoalStatus = (typeof GOAL_STATUSES)[number]
export const ACTION_STATUSES = ['todo', 'doing', 'done', 'dropped'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]
export const ACTION_SECTORS = ['care', 'help'] as const
export type ActionSector = (typeof ACTION_SECTORS)[number]
export const COMMITMENTS = ['proposed', 'accepted', 'declined'] as const
export type Commitment = (typeof COMMITMENTS)[number]

interface RowMeta {
  id: string
  order: string
  deletedAt: string | null
  deletedBy: string | null
  createdBy: string | null
  updatedBy: string | null
  updatedAt: string | null
}

export interface Goal extends RowMeta {
  title: string
  domain: AssessmentDomain | null
  expectedResult: string
  dueDate: string | null
  status: GoalStatus
}

export interface Action extends RowMeta {
  goalId: string | null
  title: string
  owner: string | null
  sector: ActionSector | null
  start: string | null
  dueDate: string | null
  frequency: string | null
  status: ActionStatus
  commitment: Commitment | null
}

export interface Unmet extends RowMeta {
  need: string
  targetAnswer: string
  alternativeAnswer: string
  /** SERAFIN-PH codes of the needs this goal leaves uncovered (a plain array, written whole). */
  needCodes: string[]
  /** For a PAG: the kind of answer missing. */
  missingAnswer: MissingAnswer | null
  /** Since when the target answer is missing (YYYY-MM-DD). */
  missingSince: string | null
}

export interface PlanMeta {
  kind: PlanKind
  title: string
  reviewDate: string | null
  coordinatorId: string | null
}

export const planRoots = (doc: Y.Doc) => ({
  meta: doc.getMap<unknown>(PLAN_ROOTS.meta),
  assessment: doc.getMap<Y.XmlFragment>(PLAN_ROOTS.assessment),
  goals: doc.getArray<RowMap>(PLAN_ROOTS.goals),
  actions: doc.getArray<RowMap>(PLAN_ROOTS.actions),
  unmet: doc.getArray<RowMap>(PLAN_ROOTS.unmet),
  decisions: doc.getArray<RowMap>(PLAN_ROOTS.decisions),
  assessmentNeeds: doc.getMap<unknown>(PLAN_ROOTS.assessmentNeeds),
})

const readMeta = (row: RowMap): RowMeta | null => {
  const id = row.get('id')
  if (typeof id !== 'string' || id === '') return null
  const order = row.get('order')
  return {
    id,
    order: typeof order === 'string' ? order : '',
    deletedAt: stringOrNull(row.get('deletedAt')),
    deletedBy: stringOrNull(row.get('deletedBy')),
    createdBy: stringOrNull(row.get('createdBy')),
    updatedBy: stringOrNull(row.get('updatedBy')),
    updatedAt: stringOrNull(row.get('updatedAt')),
  }
}

/** Rows that do not parse (not a map, no id) are skipped, never thrown on. */
function readRows<T extends RowMeta>(array: Y.Array<RowMap>, read: (row: RowMap, meta: RowMeta) => T): T[] {
  const rows: T[] = []
  for (const row of array) {
    if (!(row instanceof Y.Map)) continue
    const meta = readMeta(row)
    if (meta) rows.push(read(row, meta))
  }
  return rows.sort(compareRows)
}

export const readGoal = (row: RowMap, meta: RowMeta): Goal => ({
  ...meta,
  title: textOf(row.get('title')),
  domain: ASSESSMENT_DOMAINS.includes(row.get('domain') as AssessmentDomain) ? (row.get('domain') as AssessmentDomain) : null,
  expectedResult: textOf(row.get('expectedResult')),
  dueDate: stringOrNull(row.get('dueDate')),
  status: oneOf(GOAL_STATUSES, row.get('status'), 'open'),
})

export const readAction = (row: RowMap, meta: RowMeta): Action => ({
  ...meta,
  goalId: stringOrNull(row.get('goalId')),
  title: textOf(row.get('title')),
  owner: stringOrNull(row.get('owner')),
  sector: ACTION_SECTORS.includes(row.get('sector') as ActionSector) ? (row.get('sector') as ActionSector) : null,
  start: stringOrNull(row.get('start')),
  dueDate: stringOrNull(row.get('dueDate')),
  frequency: stringOrNull(row.get('frequency')),
  status: oneOf(ACTION_STATUSES, row.get('status'), 'todo'),
  commitment: COMMITMENTS.includes(row.get('commitment') as Commitment) ? (row.get('commitment') as Commitment) : null,
})

export const readUnmetRow = (row: RowMap, meta: RowMeta): Unmet => ({
  ...meta,
  need: textOf(row.get('need')),
  targetAnswer: textOf(row.get('targetAnswer')),
  alternativeAnswer: textOf(row.get('alternativeAnswer')),
  needCodes: readNeedCodes(row.get('needCodes')),
  missingAnswer: isMissingAnswer(row.get('missingAnswer')) ? (row.get('missingAnswer') as MissingAnswer) : null,
  missingSince: calendarDateOrNull(row.get('missingSince')),
})

/** Known SERAFIN-PH codes of a plain array, each once; anything else is skipped (a reader never throws). */
export const readNeedCodes = (value: unknown): string[] =>
  Array.isArray(value) ? [...new Set(value.filter(isSerafinNeedCode))] : []

const calendarDateOrNull = (value: unknown): string | null =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null

export const readGoals = (doc: Y.Doc): Goal[] => readRows(planRoots(doc).goals, readGoal)
export const readActions = (doc: Y.Doc): Action[] => readRows(planRoots(doc).actions, readAction)
export const readUnmet = (doc: Y.Doc): Unmet[] => readRows(planRoots(doc).unmet, readUnmetRow)

export function readPlanMeta(doc: Y.Doc): PlanMeta {
  const meta = planRoots(doc).meta
  return {
    kind: oneOf(PLAN_KINDS, meta.get('kind'), 'ppcs'),
    title: typeof meta.get('title') === 'string' ? (meta.get('title') as string) : '',
    reviewDate: stringOrNull(meta.get('reviewDate')),
    coordinatorId: stringOrNull(meta.get('coordinatorId')),
  }
}

/**
 * Creates the fixed nested types of a new plan: called by the server when the
 * situation is created, never by a client (two clients creating a missing
 * fragment would make competing copies and lose text).
 */
export function initializePlan(doc: Y.Doc, meta: { kind: PlanKind; title: string; reviewDate?: string | null }): void {
  const roots = planRoots(doc)
  doc.transact(() => {
    roots.meta.set('kind', meta.kind)
    roots.meta.set('title', meta.title)
    if (meta.reviewDate) roots.meta.set('reviewDate', meta.reviewDate)
    for (const domain of ASSESSMENT_DOMAINS) {
      if (!(roots.assessment.get(domain) instanceof Y.XmlFragment)) roots.assessment.set(domain, paragraphFragment())
    }
  })
}

/** The fragment of one assessment domain, or null while the plan has not synced. */
export const assessmentFragment = (doc: Y.Doc, domain: AssessmentDomain): Y.XmlFragment | null => {
  const fragment = planRoots(doc).assessment.get(domain)
  return fragment instanceof Y.XmlFragment ? fragment : null
}

const nextOrder = (array: Y.Array<RowMap>, filter: (row: RowMap) => boolean = () => true): string =>
  orderAfterLast(array.toArray().filter((row) => row instanceof Y.Map && filter(row)).map((row) => String(row.get('order') ?? '')))

export interface NewGoal {
  id: string
  title: string
  domain?: AssessmentDomain
  expectedResult?: string
  dueDate?: string | null
  status?: GoalStatus
}

export function addGoal(doc: Y.Doc, goal: NewGoal, author: Author): RowMap {
  const { goals } = planRoots(doc)
  const row = buildRow(
    { status: 'open', ...goal, order: nextOrder(goals) },
    ['title', 'expectedResult'],
    author,
  )
  doc.transact(() => goals.push([row]))
  return row
}

export interface NewAction {
  id: string
  goalId: string
  title: string
  owner?: string | null
  sector?: ActionSector
  start?: string | null
  dueDate?: string | null
  frequency?: string | null
  status?: ActionStatus
}

export function addAction(doc: Y.Doc, action: NewAction, author: Author): RowMap {
  const { actions } = planRoots(doc)
  const row = buildRow(
    { status: 'todo', ...action, order: nextOrder(actions, (r) => r.get('goalId') === action.goalId) },
    ['title'],
    author,
  )
  doc.transact(() => actions.push([row]))
  return row
}

export interface NewUnmet {
  id: string
  need: string
  targetAnswer?: string
  alternativeAnswer?: string
  needCodes?: string[]
  missingAnswer?: MissingAnswer | null
  missingSince?: string | null
}

export function addUnmet(doc: Y.Doc, unmet: NewUnmet, author: Author): RowMap {
  const roots = planRoots(doc)
  const row = buildRow({ ...unmet, order: nextOrder(roots.unmet) }, ['need', 'targetAnswer', 'alternativeAnswer'], author)
  doc.transact(() => roots.unmet.push([row]))
  return row
}

/**
 * The needs identified in the assessment, by domain: `assessmentNeeds` is a
 * Y.Map keyed `<domain>:<code>` whose values are plain objects written whole
 * (`{domain, code, by, at, removedAt}`), so two people coding different
 * needs at once both keep theirs; removing sets `removedAt` (a tombstone, as
 * for rows), never deletes the key.
 */
export interface AssessmentNeed {
  domain: AssessmentDomain
  code: string
  by: string | null
  at: string | null
}

export const assessmentNeedKey = (domain: AssessmentDomain, code: string): string => `${domain}:${code}`

/** Live coded needs of the assessment, by domain, in code order; entries that do not parse are skipped. */
export function readAssessmentNeeds(doc: Y.Doc): Record<AssessmentDomain, AssessmentNeed[]> {
  const result = Object.fromEntries(ASSESSMENT_DOMAINS.map((domain) => [domain, [] as AssessmentNeed[]])) as Record<AssessmentDomain, AssessmentNeed[]>
  for (const [key, value] of planRoots(doc).assessmentNeeds.entries()) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue
    const entry = value as Record<string, unknown>
    const domain = entry.domain as AssessmentDomain
    const code = entry.code
    if (!ASSESSMENT_DOMAINS.includes(domain) || !isSerafinNeedCode(code) || key !== assessmentNeedKey(domain, code)) continue
    if (typeof entry.removedAt === 'string' && entry.removedAt !== '') continue
    result[domain].push({ domain, code, by: stringOrNull(entry.by), at: stringOrNull(entry.at) })
  }
  for (const domain of ASSESSMENT_DOMAINS) result[domain].sort((a, b) => compareCodes(a.code, b.code))
  return result
}

/** Codes compared part by part as numbers, so 1.1.10 comes after 1.1.9. */
export const compareCodes = (a: string, b: string): number => {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1)
    if (d !== 0) return d
  }
  return 0
}

/** Codes a need in a domain (or brings back one removed earlier). */
export function addAssessmentNeed(doc: Y.Doc, domain: AssessmentDomain, code: string, author: Author): void {
  if (!isSerafinNeedCode(code)) throw new Error(`unknown SERAFIN-PH code ${code}`)
  const at = (author.now ?? new Date()).toISOString()
  planRoots(doc).assessmentNeeds.set(assessmentNeedKey(domain, code), { domain, code, by: author.userId, at, removedAt: null })
}

/** Removes a coded need: a tombstone, restorable, never a deleted key. */
export function removeAssessmentNeed(doc: Y.Doc, domain: AssessmentDomain, code: string, author: Author): void {
  const key = assessmentNeedKey(domain, code)
  const current = planRoots(doc).assessmentNeeds.get(key)
  if (typeof current !== 'object' || current === null) return
  const at = (author.now ?? new Date()).toISOString()
  planRoots(doc).assessmentNeeds.set(key, { ...(current as object), domain, code, by: author.userId, at, removedAt: at })
}

/** What an unmet goal leaves uncovered: its needs' codes, the kind of answer missing and since when (plain values). */
export function setUnmetCoding(
  row: RowMap,
  coding: { needCodes?: string[]; missingAnswer?: MissingAnswer | null; missingSince?: string | null },
  author: Author,
): void {
  const fields: Record<string, unknown> = {}
  if (coding.needCodes !== undefined) fields.needCodes = [...new Set(coding.needCodes.filter(isSerafinNeedCode))]
  if (coding.missingAnswer !== undefined) fields.missingAnswer = coding.missingAnswer
  if (coding.missingSince !== undefined) fields.missingSince = coding.missingSince
  updateRow(row, fields, author)
}

/** An unmet goal's row by id, or null. */
export const findUnmetRow = (doc: Y.Doc, id: string): RowMap | null => findRow(planRoots(doc).unmet, id)
