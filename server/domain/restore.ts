import * as Y from 'yjs'
import { ASSESSMENT_DOMAINS } from '../../shared/schema/roots.ts'
import { assessmentFragment, planRoots } from '../../shared/schema/plan.ts'
import { paragraphFragment, replaceText, type RowMap } from '../../shared/schema/rows.ts'
import { readRichText } from '../../shared/editor/yjs-rich-text.ts'
// A type only: the editor's schema loads on the first restore (restore-version.ts), not at start.
import type { writeRichText as RichTextWriter } from '../../shared/editor/fragment.ts'

/** Keys the restore never touches: provenance, and display copies whose authority is SQL. */
const KEPT = new Set(['id', 'createdBy', 'createdAt', 'commitment', 'updatedBy', 'updatedAt'])
const ROW_ARRAYS = ['goals', 'actions', 'unmet', 'decisions'] as const

/** A plain copy of a value that is not a shared type (objects and arrays cloned, never shared with the old doc). */
const plain = (value: unknown): unknown => (value instanceof Y.AbstractType ? value.toJSON() : value === undefined ? undefined : structuredClone(value))

/**
 * A new row map with the old row's content: same id, text fields as new
 * `Y.Text` created with their parent (the document rules), other values copied.
 */
function copyRow(old: RowMap): RowMap {
  const row = new Y.Map<unknown>()
  old.forEach((value, key) => {
    if (value instanceof Y.Text) row.set(key, new Y.Text(value.toString()))
    else row.set(key, plain(value))
  })
  return row
}

/**
 * Writes an old plan's content inside the live document's existing shared
 * types, never replacing them, so open editors keep their bindings: rich text
 * by a minimal diff, each row's fields one by one, rows created since then
 * tombstoned. The result is an ordinary change, stored and broadcast.
 *
 * Older data may be damaged beyond that (issue 13: hard-deleted rows, a fixed
 * fragment deleted or replaced by a non-fragment, a text field overwritten by
 * a plain value), from before the server enforced the document rules. The
 * restore repairs it from the version: a row absent from the live document is
 * inserted again (same id, the version's content, as live or as tombstoned as
 * it was then); a missing fixed fragment is created again by the server (the
 * one writer allowed to create it); a text field that lost its `Y.Text` gets
 * one again.
 */
export function restorePlanContent(live: Y.Doc, old: Y.Doc, author: { userId: string; now?: Date }, writeRichText: typeof RichTextWriter): void {
  const at = (author.now ?? new Date()).toISOString()
  const liveRoots = planRoots(live)
  const oldRoots = planRoots(old)
  live.transact(() => {
    for (const key of ['title', 'kind', 'reviewDate'] as const) {
      const value = oldRoots.meta.get(key)
      if (value !== undefined && liveRoots.meta.get(key) !== value) liveRoots.meta.set(key, value)
    }
    for (const domain of ASSESSMENT_DOMAINS) {
      const source = assessmentFragment(old, domain)
      if (!source) continue
      let target = assessmentFragment(live, domain)
      if (!target) {
        // Deleted or replaced by something that is not a fragment: the server creates it again.
        target = paragraphFragment()
        liveRoots.assessment.set(domain, target)
      }
      writeRichText(target, readRichText(source))
    }
    // Coded needs (plain entries, never deleted): the version's values come
    // back as they were; needs coded since then are tombstoned, not removed.
    const oldNeeds = oldRoots.assessmentNeeds
    for (const [key, value] of oldNeeds.entries()) {
      if (JSON.stringify(plain(liveRoots.assessmentNeeds.get(key)) ?? null) !== JSON.stringify(plain(value) ?? null)) liveRoots.assessmentNeeds.set(key, plain(value))
    }
    for (const [key, value] of [...liveRoots.assessmentNeeds.entries()]) {
      if (oldNeeds.has(key) || typeof value !== 'object' || value === null || Array.isArray(value)) continue
      if ((value as { removedAt?: unknown }).removedAt) continue
      liveRoots.assessmentNeeds.set(key, { ...(value as object), by: author.userId, at, removedAt: at })
    }
    for (const name of ROW_ARRAYS) {
      const oldRows = new Map<string, RowMap>()
      for (const row of oldRoots[name]) if (row instanceof Y.Map && typeof row.get('id') === 'string') oldRows.set(row.get('id') as string, row)
      const seen = new Set<string>()
      for (const row of liveRoots[name]) {
        if (!(row instanceof Y.Map)) continue
        const id = row.get('id')
        if (typeof id === 'string') seen.add(id)
        const previous = oldRows.get(id as string)
        if (!previous) {
          if (!row.get('deletedAt')) {
            row.set('deletedAt', at)
            row.set('deletedBy', author.userId)
            row.set('updatedBy', author.userId)
            row.set('updatedAt', at)
          }
          continue
        }
        let changed = false
        previous.forEach((value, key) => {
          if (KEPT.has(key)) return
          const current = row.get(key)
          if (value instanceof Y.Text) {
            if (current instanceof Y.Text) {
              if (current.toString() !== value.toString()) {
                replaceText(current, value.toString())
                changed = true
              }
            } else {
              // The text type was overwritten by a plain value: give the field its Y.Text back.
              row.set(key, new Y.Text(value.toString()))
              changed = true
            }
            return
          }
          if (current instanceof Y.Text && typeof value === 'string') {
            // The version held a plain string (readers accept both): write it inside the live text.
            if (current.toString() !== value) {
              replaceText(current, value)
              changed = true
            }
            return
          }
          if (JSON.stringify(plain(current) ?? null) !== JSON.stringify(plain(value) ?? null)) {
            row.set(key, plain(value))
            changed = true
          }
        })
        if (!previous.has('deletedAt') && row.get('deletedAt')) {
          row.set('deletedAt', null)
          changed = true
        }
        if (changed) {
          row.set('updatedBy', author.userId)
          row.set('updatedAt', at)
        }
      }
      // Rows of the version that are gone from the live document (hard-deleted): inserted again.
      for (const [id, previous] of oldRows) {
        if (seen.has(id)) continue
        const row = copyRow(previous)
        row.set('updatedBy', author.userId)
        row.set('updatedAt', at)
        liveRoots[name].push([row])
      }
    }
  })
}
