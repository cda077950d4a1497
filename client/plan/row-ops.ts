import type * as Y from 'yjs'
import { nanoid } from 'nanoid'
import { addAction, addGoal, addUnmet, planRoots, type NewAction, type NewGoal, type NewUnmet } from '../../shared/schema/plan.ts'
import { findRow, orderAfterLast, orderBetween, removeRow, restoreRow, updateRow, type RowMap } from '../../shared/schema/rows.ts'
import type { PlanWriter } from '../collab/plan-writer.ts'

/*
 * Every structured change of the plan, each in one transaction tagged with
 * my local origin (so my undo manager sees only mine). Thin wrappers over
 * the shared writers; the writer itself (and the text edit every input
 * makes) is in collab/plan-writer.ts.
 */

export type RowArrayName = 'goals' | 'actions' | 'unmet'

const arrayOf = (doc: Y.Doc, name: RowArrayName): Y.Array<RowMap> => planRoots(doc)[name]

export const rowOf = (doc: Y.Doc, name: RowArrayName, id: string): RowMap | null => findRow(arrayOf(doc, name), id)

export function createGoal(writer: PlanWriter, fields: Omit<NewGoal, 'id'>): string {
  const id = nanoid()
  writer.doc.transact(() => {
    addGoal(writer.doc, { ...fields, id }, writer.author())
  }, writer.origin)
  return id
}

export function createAction(writer: PlanWriter, fields: Omit<NewAction, 'id'>): string {
  const id = nanoid()
  writer.doc.transact(() => {
    addAction(writer.doc, { ...fields, id }, writer.author())
  }, writer.origin)
  return id
}

export function createUnmet(writer: PlanWriter, fields: Omit<NewUnmet, 'id'>): string {
  const id = nanoid()
  writer.doc.transact(() => {
    addUnmet(writer.doc, { ...fields, id }, writer.author())
  }, writer.origin)
  return id
}

/** Sets plain fields (and Y.Text fields by minimal diff) on one row. */
export function editRow(writer: PlanWriter, name: RowArrayName, id: string, fields: Record<string, unknown>): void {
  const row = rowOf(writer.doc, name, id)
  if (!row) return
  writer.doc.transact(() => updateRow(row, fields, writer.author()), writer.origin)
}

export function removeRowById(writer: PlanWriter, name: RowArrayName, id: string): void {
  const row = rowOf(writer.doc, name, id)
  if (row) writer.doc.transact(() => removeRow(row, writer.author()), writer.origin)
}

export function restoreRowById(writer: PlanWriter, name: RowArrayName, id: string): void {
  const row = rowOf(writer.doc, name, id)
  if (row) writer.doc.transact(() => restoreRow(row, writer.author()), writer.origin)
}

/**
 * Moves a row one place up or down among `siblings` (the displayed list, in
 * order): only its `order` changes, so it stays the same row.
 */
export function moveRow(
  writer: PlanWriter,
  name: RowArrayName,
  siblings: readonly { id: string; order: string }[],
  id: string,
  direction: -1 | 1,
): void {
  const index = siblings.findIndex((row) => row.id === id)
  const target = index + direction
  if (index < 0 || target < 0 || target >= siblings.length) return
  const before = direction === -1 ? (siblings[target - 1]?.order ?? null) : siblings[target]!.order
  const after = direction === -1 ? siblings[target]!.order : (siblings[target + 1]?.order ?? null)
  editRow(writer, name, id, { order: orderBetween(before, after) })
}

/** Moves an action under another goal, at the end of that goal's actions. */
export function moveActionToGoal(writer: PlanWriter, actionId: string, goalId: string, goalActions: readonly { order: string }[]): void {
  editRow(writer, 'actions', actionId, { goalId, order: orderAfterLast(goalActions.map((row) => row.order)) })
}
