import * as Y from 'yjs'

/** The content of an item (Yjs does not export its base class's type). */
export type ItemContent = Y.Item['content']
import type { DecodedUpdate } from '../sync/update-check.ts'

/**
 * What an update would do to the STORED document, worked out before it is
 * stored: where each new item lands and which existing items it removes.
 *
 * Every reference is resolved the way Yjs resolves it when it applies the
 * update: an id the document already holds is looked up in the document
 * (never in a copy the update carries: Yjs skips those), then among the
 * updates accepted and not yet applied, then among the update's own new
 * structs. A new item's parent is its declared parent if it has one, else
 * the parent of the item to its left (or right) in the document. So a
 * struct that re-declares an existing id with another parent, and a new
 * item pointing at it, are placed where Yjs would really put them.
 *
 * Cost: one binary search per reference and one walk up the parents per
 * new item; no copy of the document (see docs/decisions/009-…).
 */

/** Where an item sits, from the root down. */
export interface Place {
  root: string
  /**
   * The key of each level from the root down to the item itself: `keys[0]`
   * is the key, in the root, of the item's top ancestor (null in an array
   * or text), the last one the item's own key.
   */
  keys: (string | null)[]
}

export interface Touched {
  place: Place
  content: ItemContent
  /** The Yjs client id that made the item (its author, through the binding). */
  client: number
  /** The item's left origin (a map value set over another one names that value's last id). */
  origin: Y.ID | null
}

export interface Removal extends Omit<Touched, 'origin'> {
  /**
   * Deleted by the delete set, or replaced as a map value by a new item
   * under the same key. A map value both replaced and deleted by the delete
   * set is reported twice: a rule on deletes sees every delete.
   */
  how: 'delete' | 'overwrite'
  /** The removed item's last id (what a new value set over it names as its origin). */
  lastId: Y.ID
}

export interface UpdateEffects {
  /** New items (their new part), with where they land. */
  writes: Touched[]
  /** Items of the document (or accepted before) that the update removes. */
  removes: Removal[]
}

export class MalformedUpdate extends Error {
  override name = 'MalformedUpdate'
}

type Struct = Y.Item | Y.GC | Y.Skip

/** Where a type is: a root of the document, or the content of an item. */
interface Resolved {
  place: Place
  /** The parent type when it is already in the document (to find a map key's current value). */
  storedParent: Y.AbstractType<unknown> | null
}

/** A new (not yet stored) struct, and whether it comes from the update itself or an accepted one. */
interface NewStruct {
  struct: Struct
  own: boolean
}

const GONE = null

/**
 * Each document's root types by name. Rebuilt on a miss: a root appears, or
 * `doc.getMap(name)` replaces the generic type an update created under that
 * name with a typed one (same name, new object; Yjs moves the children over).
 */
const rootNamesByDoc = new WeakMap<Y.Doc, Map<Y.AbstractType<unknown>, string>>()

function rootNameIn(doc: Y.Doc, type: Y.AbstractType<unknown>): string | undefined {
  const name = rootNamesByDoc.get(doc)?.get(type)
  if (name !== undefined) return name
  const names = new Map([...doc.share.entries()].map(([rootKey, root]) => [root as Y.AbstractType<unknown>, rootKey]))
  rootNamesByDoc.set(doc, names)
  return names.get(type)
}

/**
 * Where a stored shared type sits: its root and the keys down to it. A type
 * never moves once integrated (Yjs has no move), so this is remembered per
 * type: typing in a paragraph asks for the same parent at every keystroke,
 * and the walk up (with its allocations) was a visible share of the check.
 * A type whose item is later deleted keeps its place: the rules judge where
 * an item lands, deleted parents included.
 */
const typePlaces = new WeakMap<Y.AbstractType<unknown>, Place | null>()

function placeOfType(type: Y.AbstractType<unknown>, rootName: (root: Y.AbstractType<unknown>) => string | undefined): Place | null {
  const known = typePlaces.get(type)
  if (known !== undefined) return known
  const keys: (string | null)[] = []
  let current: Y.AbstractType<unknown> | null = type
  let depth = 0
  while (current && current._item) {
    keys.push(current._item.parentSub)
    current = current._item.parent as Y.AbstractType<unknown> | null
    if (++depth > 10_000) throw new MalformedUpdate('document nested too deep')
  }
  const root = current ? rootName(current) : undefined
  // Not cached when no root is found: the type may be detached only for now.
  if (root === undefined) return null
  const place = { root, keys: keys.reverse() }
  typePlaces.set(type, place)
  return place
}

export function resolveEffects(doc: Y.Doc, update: DecodedUpdate, accepted: readonly DecodedUpdate[] = []): UpdateEffects {
  const store = doc.store
  const rootName = (type: Y.AbstractType<unknown>): string | undefined => rootNameIn(doc, type)

  // New structs by client, in clock order: accepted updates first, then this one.
  const fresh = new Map<number, NewStruct[]>()
  const add = (struct: Struct, own: boolean) => {
    const list = fresh.get(struct.id.client)
    if (list) list.push({ struct, own })
    else fresh.set(struct.id.client, [{ struct, own }])
  }
  for (const earlier of accepted) for (const struct of earlier.structs) add(struct, false)
  for (const struct of update.structs) add(struct, true)

  const findFresh = (id: Y.ID): NewStruct | undefined => {
    const list = fresh.get(id.client)
    if (!list) return undefined
    for (let i = list.length - 1; i >= 0; i--) {
      const entry = list[i]!
      if (entry.struct.id.clock <= id.clock) return id.clock < entry.struct.id.clock + entry.struct.length ? entry : undefined
    }
    return undefined
  }

  const storedPlace = (item: Y.Item): Resolved | null => {
    const parent = item.parent as Y.AbstractType<unknown> | null
    const at = parent && placeOfType(parent, rootName)
    if (!at) return GONE
    return { place: { root: at.root, keys: [...at.keys, item.parentSub] }, storedParent: parent }
  }

  const memo = new Map<Struct, Resolved | null>()
  const visiting = new Set<Struct>()

  /** The place of the type held by the item at `id` (its parent for children). */
  const typeAt = (id: Y.ID): { place: Place; stored: Y.AbstractType<unknown> | null } | null => {
    if (id.clock < Y.getState(store, id.client)) {
      const item = Y.getItem(store, id) as Y.Item | Y.GC
      if (!(item instanceof Y.Item)) return GONE
      if (!(item.content instanceof Y.ContentType)) throw new MalformedUpdate('parent is not a shared type')
      const resolved = storedPlace(item)
      return resolved && { place: resolved.place, stored: item.content.type as Y.AbstractType<unknown> }
    }
    const entry = findFresh(id)
    if (!entry) throw new MalformedUpdate('parent is unknown')
    if (!(entry.struct instanceof Y.Item)) return GONE
    if (!(entry.struct.content instanceof Y.ContentType)) throw new MalformedUpdate('parent is not a shared type')
    const resolved = placeOfFresh(entry.struct)
    return resolved && { place: resolved.place, stored: null }
  }

  /** The item at `id` as a neighbour: its place (shared with whatever Yjs inserts beside it). */
  const neighbour = (id: Y.ID): Resolved | null | 'gc' => {
    if (id.clock < Y.getState(store, id.client)) {
      const item = Y.getItem(store, id) as Y.Item | Y.GC
      if (!(item instanceof Y.Item)) return 'gc'
      return storedPlace(item)
    }
    const entry = findFresh(id)
    if (!entry) throw new MalformedUpdate('update refers to an unknown item')
    if (!(entry.struct instanceof Y.Item)) return 'gc'
    return placeOfFresh(entry.struct)
  }

  const placeOfFresh = (item: Y.Item): Resolved | null => {
    if (memo.has(item)) return memo.get(item)!
    if (visiting.has(item)) throw new MalformedUpdate('update refers to itself in a loop')
    visiting.add(item)
    let resolved: Resolved | null
    const parent = item.parent as unknown
    if (typeof parent === 'string') {
      const type = doc.share.get(parent) as Y.AbstractType<unknown> | undefined
      resolved = { place: { root: parent, keys: [item.parentSub] }, storedParent: type ?? null }
    } else if (parent instanceof Y.ID) {
      const type = typeAt(parent)
      resolved = type && { place: { root: type.place.root, keys: [...type.place.keys, item.parentSub] }, storedParent: type.stored }
    } else {
      // No declared parent: Yjs takes the left neighbour's (else the right's),
      // and drops the item if either neighbour was garbage collected.
      const left = item.origin ? neighbour(item.origin) : null
      const right = item.rightOrigin ? neighbour(item.rightOrigin) : null
      if (left === 'gc' || right === 'gc') resolved = GONE
      else if (item.origin) resolved = left
      else if (item.rightOrigin) resolved = right
      else throw new MalformedUpdate('item has neither parent nor neighbour')
    }
    visiting.delete(item)
    memo.set(item, resolved)
    return resolved
  }

  const writes: Touched[] = []
  const removes: Removal[] = []
  const overwritten = new Set<Y.Item>()

  for (const struct of update.structs) {
    if (!(struct instanceof Y.Item)) continue
    const resolved = placeOfFresh(struct)
    if (!resolved) continue
    writes.push({ place: resolved.place, content: struct.content, client: struct.id.client, origin: struct.origin })
    // A new map entry replaces the key's current value (Yjs deletes it when
    // the new one lands last), whatever the delete set says.
    const key = resolved.place.keys.at(-1)
    if (key != null && resolved.storedParent) {
      const current = resolved.storedParent._map.get(key)
      if (current && !current.deleted && !overwritten.has(current)) {
        overwritten.add(current)
        const at = storedPlace(current)
        if (at) removes.push({ place: at.place, content: current.content, client: current.id.client, how: 'overwrite', lastId: current.lastId })
      }
    }
  }

  for (const [client, ranges] of update.ds.clients) {
    const storedEnd = Y.getState(store, client)
    const structs = store.clients.get(client) as (Y.Item | Y.GC)[] | undefined
    for (const { clock, len } of ranges) {
      const end = clock + len
      if (structs && clock < storedEnd) {
        for (let index = Y.findIndexSS(structs, clock); index < structs.length; index++) {
          const struct = structs[index]!
          if (struct.id.clock >= end) break
          if (!(struct instanceof Y.Item) || struct.deleted) continue
          const at = storedPlace(struct)
          if (at) removes.push({ place: at.place, content: struct.content, client, how: 'delete', lastId: struct.lastId })
        }
      }
      if (end <= storedEnd) continue
      // Past the document's clock: items accepted and not applied yet count
      // as stored; the update's own new items deleted by itself change nothing stored.
      for (const entry of fresh.get(client) ?? []) {
        const { struct } = entry
        if (entry.own || !(struct instanceof Y.Item) || struct.id.clock + struct.length <= Math.max(clock, storedEnd) || struct.id.clock >= end) continue
        if (struct.content instanceof Y.ContentDeleted) continue
        const resolved = placeOfFresh(struct)
        if (resolved) removes.push({ place: resolved.place, content: struct.content, client, how: 'delete', lastId: struct.lastId })
      }
    }
  }
  return { writes, removes }
}
