import * as Y from 'yjs'
import { updateRow, type Author, type RowMap } from '../../shared/schema/rows.ts'
import type { LocalOrigin } from './use-collab-doc.ts'

/**
 * How this tab writes the live plan: its doc, my local origin (so my undo
 * manager sees only my changes) and the author stamped on each row. Given
 * by the situation shell; the plan's and the meeting's writers take it.
 */
export interface PlanWriter {
  doc: Y.Doc
  origin: LocalOrigin
  author: () => Author
}

/** Minimal-diff edit of one Y.Text field of a row, stamping who/when, in one transaction with my origin. */
export function editText(writer: PlanWriter, row: RowMap, field: string, value: string): void {
  writer.doc.transact(() => {
    const current = row.get(field)
    if (current instanceof Y.Text) updateRow(row, { [field]: value }, writer.author())
  }, writer.origin)
}
