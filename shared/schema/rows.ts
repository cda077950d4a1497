import * as Y from 'yjs'
import { generateKeyBetween } from 'fractional-indexing'

/**
 * Rules every row array obeys (DESIGN.md section 5): arrays are append-only;
 * display order is the `order` string (fractional indexing), ties broken by
 * id; removing sets `deletedAt`/`deletedBy`; rows carry who/when metadata.
 */

export type RowMap = Y.Map<unknown>

/** Readers accept a plain string wherever a `Y.Text` is listed. */
export const textOf = (value: unknown): string => {
  if (value instanceof Y.Text) return value.toString()
  if (typeof value === 'string') return value
  return ''
}

export const stringOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

export const oneOf = <T extends string>(values: readonly T[], value: unknown, fallback: T): T =>
  typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : fallback

/** Display order: by `order`, then by id. */
export const compareRows = (a: { order: string; id: string }, b: { order: string; id: string }): number =>
  a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/**
 * Whether a stored value can serve as a neighbour's order key. Any writer can
 * store anything in `order` (extra fields are accepted), so one malformed row
 * must not stop everyone else from adding or moving rows.
 */
export const isOrderKey = (key: unknown): key is string => {
  if (typeof key !== 'string' || key === '') return false
  try {
    generateKeyBetween(key, null)
    return true
  } catch {
    return false
  }
}

/** An order key after every existing valid one (malformed keys are skipped). */
export const orderAfterLast = (orders: readonly unknown[]): string => {
  const last = orders.filter(isOrderKey).sort().at(-1) ?? null
  return generateKeyBetween(last, null)
}

/** An order key between two neighbours (either may be null for an end, or malformed and then ignored). */
export const orderBetween = (before: string | null, after: string | null): string => {
  const low = isOrderKey(before) ? before : null
  const high = isOrderKey(after) ? after : null
  // Equal keys (two rows given the same order concurrently) have no key
  // between them; place after the first and let the id break the tie.
  if (low !== null && high !== null && low >= high) return generateKeyBetween(low, null)
  return generateKeyBetween(low, high)
}

/** Finds a row by id in an append-only array (linear: rows per plan are few). */
export function findRow(array: Y.Array<RowMap>, id: string): RowMap | null {
  for (const row of array) if (row instanceof Y.Map && row.get('id') === id) return row
  return null
}

export interface Author {
  userId: string
  now?: Date
}

const stamp = (author: Author): string => (author.now ?? new Date()).toISOString()

/** Sets fields on a row and stamps `updatedBy`/`updatedAt`, in one transaction. */
export function updateRow(row: RowMap, fields: Record<string, unknown>, author: Author): void {
  const apply = () => {
    for (const [key, value] of Object.entries(fields)) {
      const current = row.get(key)
      if (current instanceof Y.Text && typeof value === 'string') replaceText(current, value)
      else row.set(key, value)
    }
    row.set('updatedBy', author.userId)
    row.set('updatedAt', stamp(author))
  }
  if (row.doc) row.doc.transact(apply)
  else apply()
}

/** Tombstone: hidden, restorable, shown in the minutes. */
export const removeRow = (row: RowMap, author: Author): void =>
  updateRow(row, { deletedAt: stamp(author), deletedBy: author.userId }, author)

export const restoreRow = (row: RowMap, author: Author): void =>
  updateRow(row, { deletedAt: null, deletedBy: null }, author)

/**
 * Replaces a Y.Text's content with the smallest edit (common prefix and
 * suffix kept), so concurrent edits elsewhere in the text survive.
 */
export function replaceText(target: Y.Text, next: string): void {
  const current = target.toString()
  if (current === next) return
  let start = 0
  while (start < current.length && start < next.length && current[start] === next[start]) start++
  let endCurrent = current.length
  let endNext = next.length
  while (endCurrent > start && endNext > start && current[endCurrent - 1] === next[endNext - 1]) {
    endCurrent--
    endNext--
  }
  const apply = () => {
    if (endCurrent > start) target.delete(start, endCurrent - start)
    if (endNext > start) target.insert(start, next.slice(start, endNext))
  }
  if (target.doc) target.doc.transact(apply)
  else apply()
}

/** Builds a new row map; text fields become `Y.Text` created with their parent. */
export function buildRow(
  fields: Record<string, unknown>,
  textFields: readonly string[],
  author: Author,
): RowMap {
  // A preliminary map must not be read before it joins a document (Yjs
  // warns), so the text fields are tracked here rather than with row.has().
  const row = new Y.Map<unknown>()
  for (const [key, value] of Object.entries(fields)) {
    if (!textFields.includes(key) && value !== undefined) row.set(key, value)
  }
  for (const key of textFields) {
    const value = fields[key]
    row.set(key, new Y.Text(typeof value === 'string' ? value : ''))
  }
  const at = stamp(author)
  row.set('createdBy', author.userId)
  row.set('createdAt', at)
  row.set('updatedBy', author.userId)
  row.set('updatedAt', at)
  row.set('deletedAt', null)
  return row
}

/**
 * A rich-text fragment holding one empty paragraph. y-tiptap writes that
 * paragraph itself into an empty fragment when an editor first renders: two
 * writers opening it at once would each add one, and a reader's attempt is a
 * write. Created by the server with its parent, the fragment is never empty.
 */
export function paragraphFragment(): Y.XmlFragment {
  const fragment = new Y.XmlFragment()
  fragment.insert(0, [new Y.XmlElement('paragraph')])
  return fragment
}

/** Gives a top-level fragment its empty paragraph if it has nothing yet (server-side, at creation). */
export function ensureParagraph(fragment: Y.XmlFragment): void {
  if (fragment.length === 0) fragment.insert(0, [new Y.XmlElement('paragraph')])
}

/**
 * A `deleteFilter` for a Y.UndoManager over append-only row arrays: undoing
 * never deletes a row or one of its fields (the server refuses that with
 * 4403, DESIGN 5b), so undoing "add a row" leaves the row; undoing text typed
 * inside a row's Y.Text, or a field's new value, still works (a field's old
 * value comes back as a new entry that replaces the current one). Undoing "add
 * a row" leaves the row with its fields and empties its texts: the user then
 * removes it with its tombstone if they meant to.
 *
 * Takes any row arrays (`Y.Array<RowMap>` is not an `AbstractType<unknown>` to TypeScript).
 *
 * @example new Y.UndoManager(arrays, { deleteFilter: keepRowsOnUndo(arrays) })
 */
export function keepRowsOnUndo(arrays: readonly Y.AbstractType<any>[]): (item: Y.Item) => boolean {
  const rowArrays = new Set<unknown>(arrays)
  return (item) => {
    const parent = item.parent as Y.AbstractType<unknown> | null
    if (parent === null) return true
    if (rowArrays.has(parent)) return false
    const row = parent._item?.parent as Y.AbstractType<unknown> | null | undefined
    return !(parent instanceof Y.Map && row !== undefined && row !== null && rowArrays.has(row))
  }
}
