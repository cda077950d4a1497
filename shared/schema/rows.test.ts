import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  buildRow,
  compareRows,
  findRow,
  oneOf,
  orderAfterLast,
  orderBetween,
  removeRow,
  replaceText,
  restoreRow,
  stringOrNull,
  textOf,
  updateRow,
  type RowMap,
} from './rows.ts'

const author = { userId: 'u-1', now: new Date('2026-03-01T10:00:00.000Z') }

describe('row readers', () => {
  it('reads a Y.Text and a plain string alike, and anything else as empty text', () => {
    const doc = new Y.Doc()
    const text = doc.getText('t')
    text.insert(0, 'Aide au lever')
    expect(textOf(text)).toBe('Aide au lever')
    expect(textOf('Aide au lever')).toBe('Aide au lever')
    for (const value of [undefined, null, 42, {}, ['a']]) expect(textOf(value)).toBe('')
  })

  it('reads an empty string or a non-string as null', () => {
    expect(stringOrNull('2026-04-01')).toBe('2026-04-01')
    for (const value of ['', undefined, null, 3, {}]) expect(stringOrNull(value)).toBeNull()
  })

  it('falls back to the default for a value outside the listed ones', () => {
    expect(oneOf(['a', 'b'] as const, 'b', 'a')).toBe('b')
    expect(oneOf(['a', 'b'] as const, 'z', 'a')).toBe('a')
    expect(oneOf(['a', 'b'] as const, 1, 'a')).toBe('a')
  })
})

describe('row order', () => {
  it('sorts by the order key and breaks ties by id', () => {
    const rows = [
      { order: 'a1', id: 'z' },
      { order: 'a0', id: 'y' },
      { order: 'a1', id: 'b' },
      { order: 'a0', id: 'c' },
    ]
    expect(rows.sort(compareRows).map((row) => row.id)).toEqual(['c', 'y', 'b', 'z'])
  })

  it('places a new key after every existing one, whatever their insertion order', () => {
    const first = orderAfterLast([])
    const second = orderAfterLast([first])
    const third = orderAfterLast([second, first])
    expect(first < second && second < third).toBe(true)
  })

  it('places a key strictly between two neighbours, and at either end', () => {
    const a = orderAfterLast([])
    const b = orderAfterLast([a])
    const middle = orderBetween(a, b)
    expect(a < middle && middle < b).toBe(true)
    expect(orderBetween(null, a) < a).toBe(true)
    expect(orderBetween(b, null) > b).toBe(true)
  })

  it('still gives a key when two rows were given the same order concurrently (the id breaks the tie)', () => {
    const a = orderAfterLast([])
    expect(orderBetween(a, a) > a).toBe(true)
  })
})

describe('row writers', () => {
  const rowIn = (doc: Y.Doc, fields: Record<string, unknown>, textFields: string[] = []): RowMap => {
    const array = doc.getArray<RowMap>('rows')
    const row = buildRow(fields, textFields, author)
    array.push([row])
    return array.get(array.length - 1)
  }

  it('builds a row with its text fields as Y.Text and who/when metadata', () => {
    const doc = new Y.Doc()
    const row = rowIn(doc, { id: 'g1', title: 'Se laver seul', dueDate: undefined }, ['title', 'expectedResult'])
    expect(row.get('title')).toBeInstanceOf(Y.Text)
    expect(textOf(row.get('title'))).toBe('Se laver seul')
    expect(textOf(row.get('expectedResult'))).toBe('')
    expect(row.has('dueDate')).toBe(false)
    expect(row.get('createdBy')).toBe('u-1')
    expect(row.get('createdAt')).toBe('2026-03-01T10:00:00.000Z')
    expect(row.get('updatedBy')).toBe('u-1')
    expect(row.get('deletedAt')).toBeNull()
  })

  it('finds a row by id and returns null for an unknown id', () => {
    const doc = new Y.Doc()
    rowIn(doc, { id: 'a' })
    rowIn(doc, { id: 'b' })
    const array = doc.getArray<RowMap>('rows')
    expect(findRow(array, 'b')?.get('id')).toBe('b')
    expect(findRow(array, 'nope')).toBeNull()
  })

  it('updates a text field in place (the same Y.Text) and stamps the writer', () => {
    const doc = new Y.Doc()
    const row = rowIn(doc, { id: 'a', title: 'Aide' }, ['title'])
    const text = row.get('title')
    updateRow(row, { title: 'Aide au repas', status: 'doing' }, { userId: 'u-2', now: new Date('2026-03-02T00:00:00.000Z') })
    expect(row.get('title')).toBe(text)
    expect(textOf(row.get('title'))).toBe('Aide au repas')
    expect(row.get('status')).toBe('doing')
    expect(row.get('updatedBy')).toBe('u-2')
    expect(row.get('updatedAt')).toBe('2026-03-02T00:00:00.000Z')
    expect(row.get('createdBy')).toBe('u-1')
  })

  it('removes with a tombstone and restores, never deleting the row', () => {
    const doc = new Y.Doc()
    const row = rowIn(doc, { id: 'a' })
    removeRow(row, { userId: 'u-2', now: new Date('2026-03-03T00:00:00.000Z') })
    expect(doc.getArray('rows').length).toBe(1)
    expect(row.get('deletedAt')).toBe('2026-03-03T00:00:00.000Z')
    expect(row.get('deletedBy')).toBe('u-2')
    restoreRow(row, author)
    expect(row.get('deletedAt')).toBeNull()
    expect(row.get('deletedBy')).toBeNull()
  })

  it('replaces text with the smallest edit, so a concurrent edit elsewhere survives', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    a.getText('t').insert(0, 'Aide au lever le matin')
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    replaceText(a.getText('t'), 'Aide au lever le soir')
    b.getText('t').insert(0, 'URGENT ')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(a.getText('t').toString()).toBe('URGENT Aide au lever le soir')
    expect(b.getText('t').toString()).toBe(a.getText('t').toString())
  })

  it('leaves a text untouched when the new value is the same (no update emitted)', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'même')
    let updates = 0
    doc.on('update', () => updates++)
    replaceText(doc.getText('t'), 'même')
    expect(updates).toBe(0)
  })
})

describe('order keys from malformed neighbours', () => {
  it('adds a row after the last valid key when another row has no order or a malformed one', async () => {
    const { orderAfterLast, orderBetween } = await import('./rows.ts')
    const after = orderAfterLast(['a0', undefined, 'zz', '', 42, 'a1'])
    expect(after > 'a1').toBe(true)
    expect(orderBetween('zz', 'a1') < 'a1').toBe(true)
    expect(orderBetween('a0', 'not a key') > 'a0').toBe(true)
  })
})

describe('undo over append-only rows', () => {
  it('undoing the addition of a row keeps the row and its fields (its texts are emptied), while typed text and changed values are still undone', async () => {
    const { keepRowsOnUndo } = await import('./rows.ts')
    const doc = new Y.Doc()
    const goals = doc.getArray<Y.Map<unknown>>('goals')
    const origin = { local: true }
    const undo = new Y.UndoManager([goals], { trackedOrigins: new Set([origin]), captureTimeout: 0, deleteFilter: keepRowsOnUndo([goals]) })
    doc.transact(() => {
      const row = new Y.Map<unknown>()
      goals.push([row])
      row.set('id', 'g1')
      row.set('status', 'open')
      row.set('title', new Y.Text('Titre'))
    }, origin)
    const row = goals.get(0)
    doc.transact(() => (row.get('title') as Y.Text).insert(5, ' long'), origin)
    doc.transact(() => row.set('status', 'achieved'), origin)
    undo.undo()
    expect(row.get('status')).toBe('open')
    undo.undo()
    expect((row.get('title') as Y.Text).toString()).toBe('Titre')
    undo.undo()
    expect(goals.length).toBe(1)
    expect(goals.get(0).get('id')).toBe('g1')
    expect(goals.get(0).get('status')).toBe('open')
    expect(goals.get(0).get('title')).toBe(row.get('title'))
  })
})
