import * as Y from 'yjs'
import { ASSESSMENT_DOMAINS, type AssessmentDomain } from '../../shared/schema/roots.ts'
import { assessmentFragment, readActions, readGoals, readPlanMeta, readUnmet, type Action, type Goal, type Unmet } from '../../shared/schema/plan.ts'
import { richTextToPlain } from '../../shared/editor/yjs-rich-text.ts'

/**
 * What changed between two states of a plan, as a readable list: rows added,
 * tombstoned, restored, and changed field by field; assessment text changes
 * per domain as a line diff. Pure: takes two Yjs states, touches nothing.
 */
import type { FieldChange, RowChange, RowKind } from '../export/plan-changes.ts'
import type { PlanComparison as WirePlanComparison } from '../../shared/api/versions.ts'

export type { FieldChange, RowChange, RowKind }

export interface TextChange {
  domain: AssessmentDomain
  removed: string[]
  added: string[]
}

export interface PlanComparison {
  rows: RowChange[]
  assessment: TextChange[]
  meta: FieldChange[]
}

const GOAL_FIELDS = ['title', 'domain', 'expectedResult', 'dueDate', 'status'] as const
const ACTION_FIELDS = ['title', 'goalId', 'owner', 'sector', 'start', 'dueDate', 'frequency', 'status', 'commitment'] as const
const UNMET_FIELDS = ['need', 'targetAnswer', 'alternativeAnswer'] as const

export const docFromState = (state: Uint8Array): Y.Doc => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}

function diffRows<T extends Goal | Action | Unmet>(kind: RowKind, before: T[], after: T[], fields: readonly string[], title: (row: T) => string): RowChange[] {
  const old = new Map(before.map((row) => [row.id, row]))
  const changes: RowChange[] = []
  for (const row of after) {
    const previous = old.get(row.id)
    const goalId = kind === 'action' ? (row as Action).goalId : undefined
    const live = row.deletedAt === null
    if (!previous || previous.deletedAt !== null) {
      if (!previous && !live) continue // created and removed in between: nothing to tell
      if (live) changes.push({ kind, id: row.id, title: title(row), change: previous ? 'restored' : 'added', goalId, fields: [] })
      continue
    }
    if (!live) {
      changes.push({ kind, id: row.id, title: title(row), change: 'removed', goalId, fields: [] })
      continue
    }
    const fieldChanges: FieldChange[] = []
    for (const field of fields) {
      const a = (previous as unknown as Record<string, unknown>)[field]
      const b = (row as unknown as Record<string, unknown>)[field]
      if ((a ?? null) !== (b ?? null)) fieldChanges.push({ field, before: (a as string | null) ?? null, after: (b as string | null) ?? null })
    }
    if (fieldChanges.length > 0) changes.push({ kind, id: row.id, title: title(row), change: 'changed', goalId, fields: fieldChanges })
  }
  // A row live before and gone from the later state altogether (hard-deleted, in data older than the
  // server's document-rules check) is as removed as a tombstoned one: never "no change".
  const present = new Set(after.map((row) => row.id))
  for (const previous of before) {
    if (present.has(previous.id) || previous.deletedAt !== null) continue
    const goalId = kind === 'action' ? (previous as Action).goalId : undefined
    changes.push({ kind, id: previous.id, title: title(previous), change: 'removed', goalId, fields: [] })
  }
  return changes
}

/** Line-level diff (longest common subsequence): what left and what came. */
export function diffLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n').filter((line) => line.trim() !== '')
  const b = after.split('\n').filter((line) => line.trim() !== '')
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  const removed: string[] = []
  const added: string[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++
      j++
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) removed.push(a[i++]!)
    else added.push(b[j++]!)
  }
  removed.push(...a.slice(i))
  added.push(...b.slice(j))
  return { removed, added }
}

export function comparePlans(before: Y.Doc, after: Y.Doc): PlanComparison & WirePlanComparison {
  const rows = [
    ...diffRows('goal', readGoals(before), readGoals(after), GOAL_FIELDS, (row) => row.title),
    ...diffRows('action', readActions(before), readActions(after), ACTION_FIELDS, (row) => row.title),
    ...diffRows('unmet', readUnmet(before), readUnmet(after), UNMET_FIELDS, (row) => row.need),
  ]
  const assessment: TextChange[] = []
  for (const domain of ASSESSMENT_DOMAINS) {
    const a = assessmentFragment(before, domain)
    const b = assessmentFragment(after, domain)
    const { removed, added } = diffLines(a ? richTextToPlain(a) : '', b ? richTextToPlain(b) : '')
    if (removed.length > 0 || added.length > 0) assessment.push({ domain, removed, added })
  }
  const metaBefore = readPlanMeta(before)
  const metaAfter = readPlanMeta(after)
  const meta: FieldChange[] = (['title', 'kind', 'reviewDate'] as const)
    .filter((field) => metaBefore[field] !== metaAfter[field])
    .map((field) => ({ field, before: metaBefore[field], after: metaAfter[field] }))
  return { rows, assessment, meta }
}
