import * as Y from 'yjs'
import { ASSESSMENT_DOMAINS, PLAN_ROOTS, type AssessmentDomain } from './roots.ts'
import { PLAN_KINDS, type PlanKind } from '../domain/roles.ts'
import {
  buildRow,
  compareRows,
  oneOf,
  orderAfterLast,
  paragraphFragment,
  stringOrNull,
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
})

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
}

export function addUnmet(doc: Y.Doc, unmet: NewUnmet, author: Author): RowMap {
  const roots = planRoots(doc)
  const row = buildRow({ ...unmet, order: nextOrder(roots.unmet) }, ['need', 'targetAnswer', 'alternativeAnswer'], author)
  doc.transact(() => roots.unmet.push([row]))
  return row
}
