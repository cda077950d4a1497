import * as Y from 'yjs'
import { nanoid } from 'nanoid'
import { planRoots } from '../../shared/schema/plan.ts'
import { buildRow, findRow, removeRow, restoreRow, stringOrNull, textOf, updateRow, type RowMap } from '../../shared/schema/rows.ts'
import type { PlanWriter } from '../collab/plan-writer.ts'

/**
 * The decisions taken in a meeting, kept in the plan document's `decisions`
 * array (append-only, tombstoned like every row): what, who is responsible
 * (a member id or a name), and the goal or action it is about.
 */
export interface Decision {
  id: string
  meetingId: string
  text: string
  /** Member id, or a name for someone outside the circle. */
  by: string | null
  /** Goal or action id. */
  linkedId: string | null
  at: string | null
  createdBy: string | null
  deletedAt: string | null
}

const readDecision = (row: RowMap): Decision | null => {
  const id = row.get('id')
  const meetingId = row.get('meetingId')
  if (typeof id !== 'string' || !id || typeof meetingId !== 'string') return null
  return {
    id,
    meetingId,
    text: textOf(row.get('text')),
    by: stringOrNull(row.get('by')),
    // Older writers may have used goalId/actionId.
    linkedId: stringOrNull(row.get('linkedId')) ?? stringOrNull(row.get('goalId')) ?? stringOrNull(row.get('actionId')),
    at: stringOrNull(row.get('at')) ?? stringOrNull(row.get('createdAt')),
    createdBy: stringOrNull(row.get('createdBy')),
    deletedAt: stringOrNull(row.get('deletedAt')),
  }
}

/** One meeting's decisions in the order they were taken (rows that do not parse are skipped). */
export function readDecisions(doc: Y.Doc, meetingId: string): Decision[] {
  const decisions: Decision[] = []
  for (const row of planRoots(doc).decisions) {
    if (!(row instanceof Y.Map)) continue
    const decision = readDecision(row)
    if (decision && decision.meetingId === meetingId) decisions.push(decision)
  }
  return decisions.sort((a, b) => (a.at ?? '').localeCompare(b.at ?? '') || a.id.localeCompare(b.id))
}

const decisionRow = (doc: Y.Doc, id: string): RowMap | null => findRow(planRoots(doc).decisions, id)

/** Appends a decision (its text a Y.Text created with the row, in one transaction); returns its id. */
export function addDecision(writer: PlanWriter, fields: { meetingId: string; text: string; by: string | null; linkedId: string | null }): string {
  const id = nanoid()
  const author = writer.author()
  writer.doc.transact(() => {
    const row = buildRow({ id, ...fields, at: (author.now ?? new Date()).toISOString() }, ['text'], author)
    planRoots(writer.doc).decisions.push([row])
  }, writer.origin)
  return id
}

/** Sets the responsible person or the linked row (the text is edited in place through its Y.Text). */
export function amendDecision(writer: PlanWriter, id: string, fields: { by?: string | null; linkedId?: string | null; text?: string }): void {
  const row = decisionRow(writer.doc, id)
  if (row) writer.doc.transact(() => updateRow(row, fields, writer.author()), writer.origin)
}

export function removeDecision(writer: PlanWriter, id: string): void {
  const row = decisionRow(writer.doc, id)
  if (row) writer.doc.transact(() => removeRow(row, writer.author()), writer.origin)
}

export function restoreDecision(writer: PlanWriter, id: string): void {
  const row = decisionRow(writer.doc, id)
  if (row) writer.doc.transact(() => restoreRow(row, writer.author()), writer.origin)
}

export const decisionRowOf = decisionRow
