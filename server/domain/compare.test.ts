import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addAction, addGoal, addUnmet, assessmentFragment, initializePlan, planRoots } from '../../shared/schema/plan.ts'
import { findRow, removeRow, restoreRow, updateRow } from '../../shared/schema/rows.ts'
import { comparePlans, diffLines, docFromState } from './compare.ts'

const author = { userId: 'u-1', now: new Date('2026-03-01T00:00:00.000Z') }

/** A later state of the same plan: a replica built from the earlier one's bytes, then edited. */
const fork = (doc: Y.Doc): Y.Doc => docFromState(Y.encodeStateAsUpdate(doc))

const writeParagraphs = (fragment: Y.XmlFragment, lines: string[]) => {
  fragment.delete(0, fragment.length)
  fragment.insert(
    0,
    lines.map((line) => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(line)])
      return paragraph
    }),
  )
}

const basePlan = (): Y.Doc => {
  const doc = new Y.Doc()
  initializePlan(doc, { kind: 'pag', title: 'Plan', reviewDate: '2026-06-01' })
  addGoal(doc, { id: 'g1', title: 'Travailler', dueDate: '2026-12-01' }, author)
  addAction(doc, { id: 'a1', goalId: 'g1', title: 'Stage', status: 'todo' }, author)
  addUnmet(doc, { id: 'n1', need: 'Place en ESAT' }, author)
  return doc
}

describe('comparing two states of a plan', () => {
  it('finds no change between a state and its copy', () => {
    const before = basePlan()
    expect(comparePlans(before, fork(before))).toEqual({ rows: [], assessment: [], meta: [] })
  })

  it('tells rows added, removed (tombstoned) and changed field by field', () => {
    const before = basePlan()
    const after = fork(before)
    addGoal(after, { id: 'g2', title: 'Se loger' }, author)
    removeRow(findRow(planRoots(after).unmet, 'n1')!, author)
    updateRow(findRow(planRoots(after).actions, 'a1')!, { status: 'done', title: 'Stage de trois semaines' }, author)
    const { rows } = comparePlans(before, after)
    expect(rows).toEqual([
      { kind: 'goal', id: 'g2', title: 'Se loger', change: 'added', goalId: undefined, fields: [] },
      {
        kind: 'action',
        id: 'a1',
        title: 'Stage de trois semaines',
        change: 'changed',
        goalId: 'g1',
        fields: [
          { field: 'title', before: 'Stage', after: 'Stage de trois semaines' },
          { field: 'status', before: 'todo', after: 'done' },
        ],
      },
      { kind: 'unmet', id: 'n1', title: 'Place en ESAT', change: 'removed', goalId: undefined, fields: [] },
    ])
  })

  it('tells a restored row as restored, and says nothing of a row created and removed in between', () => {
    const before = basePlan()
    removeRow(findRow(planRoots(before).goals, 'g1')!, author)
    const after = fork(before)
    restoreRow(findRow(planRoots(after).goals, 'g1')!, author)
    removeRow(addGoal(after, { id: 'ephemeral', title: 'x' }, author), author)
    expect(comparePlans(before, after).rows).toEqual([{ kind: 'goal', id: 'g1', title: 'Travailler', change: 'restored', goalId: undefined, fields: [] }])
  })

  it('tells a row missing altogether from the later state (hard-deleted) as removed, never as no change', () => {
    const before = basePlan()
    const after = fork(before)
    planRoots(after).goals.delete(0, 1)
    expect(comparePlans(before, after).rows).toEqual([{ kind: 'goal', id: 'g1', title: 'Travailler', change: 'removed', goalId: undefined, fields: [] }])
  })

  it('tells the plan title, kind and review date that changed', () => {
    const before = basePlan()
    const after = fork(before)
    planRoots(after).meta.set('reviewDate', '2026-09-01')
    expect(comparePlans(before, after).meta).toEqual([{ field: 'reviewDate', before: '2026-06-01', after: '2026-09-01' }])
  })

  it('tells the assessment lines that left and came, per domain', () => {
    const before = basePlan()
    writeParagraphs(assessmentFragment(before, 'autonomy')!, ['Autonome pour la toilette', 'Prend le bus seul'])
    const after = fork(before)
    writeParagraphs(assessmentFragment(after, 'autonomy')!, ['Autonome pour la toilette', 'Prend le bus accompagné'])
    expect(comparePlans(before, after).assessment).toEqual([{ domain: 'autonomy', removed: ['Prend le bus seul'], added: ['Prend le bus accompagné'] }])
  })
})

describe('line diff', () => {
  it('keeps the longest common run of lines and ignores blank lines', () => {
    expect(diffLines('a\nb\nc\n\n', 'a\nc\nd')).toEqual({ removed: ['b'], added: ['d'] })
    expect(diffLines('', 'x')).toEqual({ removed: [], added: ['x'] })
    expect(diffLines('x', '')).toEqual({ removed: ['x'], added: [] })
  })
})
