import * as Y from 'yjs'
import { ASSESSMENT_DOMAINS } from '../../shared/schema/roots.ts'
import { assessmentFragment, planRoots } from '../../shared/schema/plan.ts'
import { replaceText, type RowMap } from '../../shared/schema/rows.ts'
import { readRichText, writeRichText } from '../../shared/editor/fragment.ts'

/** Keys the restore never touches: provenance, and display copies whose authority is SQL. */
const KEPT = new Set(['id', 'createdBy', 'createdAt', 'commitment', 'updatedBy', 'updatedAt'])

/**
 * Writes an old plan's content inside the live document's existing shared
 * types, never replacing them, so open editors keep their bindings: rich text
 * by a minimal diff, each row's fields one by one, rows created since then
 * tombstoned. The result is an ordinary change, stored and broadcast.
 */
export function restorePlanContent(live: Y.Doc, old: Y.Doc, author: { userId: string; now?: Date }): void {
  const at = (author.now ?? new Date()).toISOString()
  const liveRoots = planRoots(live)
  const oldRoots = planRoots(old)
  live.transact(() => {
    for (const key of ['title', 'kind', 'reviewDate'] as const) {
      const value = oldRoots.meta.get(key)
      if (value !== undefined && liveRoots.meta.get(key) !== value) liveRoots.meta.set(key, value)
    }
    for (const domain of ASSESSMENT_DOMAINS) {
      const target = assessmentFragment(live, domain)
      const source = assessmentFragment(old, domain)
      if (target && source) writeRichText(target, readRichText(source))
    }
    for (const name of ['goals', 'actions', 'unmet', 'decisions'] as const) {
      const oldRows = new Map<string, RowMap>()
      for (const row of oldRoots[name]) if (row instanceof Y.Map && typeof row.get('id') === 'string') oldRows.set(row.get('id') as string, row)
      for (const row of liveRoots[name]) {
        if (!(row instanceof Y.Map)) continue
        const previous = oldRows.get(row.get('id') as string)
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
            }
            return
          }
          if (JSON.stringify(current ?? null) !== JSON.stringify(value ?? null)) {
            row.set(key, value)
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
    }
  })
}
