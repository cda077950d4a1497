import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SERAFIN_PH_CODES } from '../domain/serafin-ph.ts'
import {
  addAction,
  addAssessmentNeed,
  addGoal,
  addUnmet,
  assessmentFragment,
  compareCodes,
  findUnmetRow,
  initializePlan,
  planRoots,
  readActions,
  readAssessmentNeeds,
  readGoals,
  readPlanMeta,
  readUnmet,
  removeAssessmentNeed,
  setUnmetCoding,
} from './plan.ts'
import { ASSESSMENT_DOMAINS } from './roots.ts'

const author = { userId: 'coord-1', now: new Date('2026-03-01T09:00:00.000Z') }

/** A second replica of the document, built only from the first one's bytes. */
const throughBytes = (doc: Y.Doc): Y.Doc => {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

const [codeA, codeB] = SERAFIN_PH_CODES as [string, string]

describe('plan schema', () => {
  it('round-trips goals, actions and unmet needs through the bytes of a Y.Doc', () => {
    const doc = new Y.Doc()
    initializePlan(doc, { kind: 'pps', title: 'Plan de Mme A', reviewDate: '2026-09-01' })
    addGoal(doc, { id: 'g1', title: 'Rester à domicile', domain: 'autonomy', expectedResult: 'Vivre chez soi', dueDate: '2026-12-31' }, author)
    addAction(doc, { id: 'a1', goalId: 'g1', title: 'Portage des repas', owner: 'u-9', sector: 'help', dueDate: '2026-04-01' }, author)
    addUnmet(doc, { id: 'n1', need: 'Accueil de jour', targetAnswer: 'SAJ', needCodes: [codeA], missingAnswer: 'waitingList', missingSince: '2026-01-15' }, author)

    const copy = throughBytes(doc)
    expect(readPlanMeta(copy)).toEqual({ kind: 'pps', title: 'Plan de Mme A', reviewDate: '2026-09-01', coordinatorId: null })
    expect(readGoals(copy)).toEqual([
      expect.objectContaining({ id: 'g1', title: 'Rester à domicile', domain: 'autonomy', expectedResult: 'Vivre chez soi', dueDate: '2026-12-31', status: 'open', createdBy: 'coord-1', deletedAt: null }),
    ])
    expect(readActions(copy)).toEqual([
      expect.objectContaining({ id: 'a1', goalId: 'g1', title: 'Portage des repas', owner: 'u-9', sector: 'help', dueDate: '2026-04-01', status: 'todo', commitment: null }),
    ])
    expect(readUnmet(copy)).toEqual([
      expect.objectContaining({ id: 'n1', need: 'Accueil de jour', targetAnswer: 'SAJ', alternativeAnswer: '', needCodes: [codeA], missingAnswer: 'waitingList', missingSince: '2026-01-15' }),
    ])
  })

  it('creates one assessment fragment per domain, each with its paragraph, and does not replace them on a second call', () => {
    const doc = new Y.Doc()
    initializePlan(doc, { kind: 'ppcs', title: 'x' })
    const before = ASSESSMENT_DOMAINS.map((domain) => assessmentFragment(doc, domain))
    for (const fragment of before) expect(fragment?.length).toBe(1)
    initializePlan(doc, { kind: 'ppcs', title: 'x' })
    expect(ASSESSMENT_DOMAINS.map((domain) => assessmentFragment(doc, domain))).toEqual(before)
  })

  it('still adds a goal after another writer stored a row without an order or with a malformed one', () => {
    const doc = new Y.Doc()
    initializePlan(doc, { kind: 'ppcs', title: 'x' })
    for (const order of [undefined, 'zz']) {
      const row = new Y.Map<unknown>()
      planRoots(doc).goals.push([row])
      row.set('id', `bad-${order}`)
      if (order) row.set('order', order)
    }
    const added = addGoal(doc, { id: 'g-new', title: 'Nouvel objectif', domain: 'health' }, author)
    expect(added.get('id')).toBe('g-new')
    expect(readGoals(doc).some((goal) => goal.id === 'g-new')).toBe(true)
  })

  it('reads a plain string where a Y.Text is listed', () => {
    const doc = new Y.Doc()
    const row = new Y.Map<unknown>()
    planRoots(doc).goals.push([row])
    row.set('id', 'g1')
    row.set('order', 'a0')
    row.set('title', 'Titre en texte simple')
    row.set('expectedResult', 'Résultat simple')
    expect(readGoals(doc)[0]).toMatchObject({ title: 'Titre en texte simple', expectedResult: 'Résultat simple' })
  })

  it('skips rows that do not parse (not a map, no id, empty id) and never throws', () => {
    const doc = new Y.Doc()
    addGoal(doc, { id: 'ok', title: 'Bon' }, author)
    const goals = planRoots(doc).goals as unknown as Y.Array<unknown>
    const noId = new Y.Map<unknown>()
    const emptyId = new Y.Map<unknown>()
    goals.push(['a string', 42, null, noId, emptyId])
    noId.set('title', 'sans id')
    emptyId.set('id', '')
    expect(readGoals(doc).map((goal) => goal.id)).toEqual(['ok'])
  })

  it('reads unknown enumerated values as their default, and bad need codes and dates as absent', () => {
    const doc = new Y.Doc()
    const goal = addGoal(doc, { id: 'g1', title: 'x' }, author)
    goal.set('status', 'exploded')
    goal.set('domain', 'astrology')
    const action = addAction(doc, { id: 'a1', goalId: 'g1', title: 'y' }, author)
    action.set('status', 42)
    action.set('sector', 'space')
    action.set('commitment', 'maybe')
    const unmet = addUnmet(doc, { id: 'n1', need: 'z' }, author)
    unmet.set('needCodes', ['9.9.9.9', codeA, codeA, 7])
    unmet.set('missingAnswer', 'never')
    unmet.set('missingSince', 'hier')
    doc.getMap('meta').set('kind', 'other')
    expect(readGoals(doc)[0]).toMatchObject({ status: 'open', domain: null })
    expect(readActions(doc)[0]).toMatchObject({ status: 'todo', sector: null, commitment: null })
    expect(readUnmet(doc)[0]).toMatchObject({ needCodes: [codeA], missingAnswer: null, missingSince: null })
    expect(readPlanMeta(doc).kind).toBe('ppcs')
  })

  it('orders rows by fractional index, ties broken by id, whatever the array order', () => {
    const doc = new Y.Doc()
    addGoal(doc, { id: 'first', title: '1' }, author)
    addGoal(doc, { id: 'second', title: '2' }, author)
    const goals = planRoots(doc).goals
    // Move "second" before "first" by order only; add a tie on the same key.
    const [first, second] = [goals.get(0), goals.get(1)]
    second.set('order', 'a0')
    first.set('order', 'a1')
    addGoal(doc, { id: 'b-tie', title: '3' }, author)
    goals.get(2).set('order', 'a1')
    expect(readGoals(doc).map((goal) => goal.id)).toEqual(['second', 'b-tie', 'first'])
  })

  it('orders new actions after the last action of the same goal', () => {
    const doc = new Y.Doc()
    addAction(doc, { id: 'a1', goalId: 'g1', title: 'x' }, author)
    addAction(doc, { id: 'b1', goalId: 'g2', title: 'x' }, author)
    addAction(doc, { id: 'a2', goalId: 'g1', title: 'x' }, author)
    const byId = Object.fromEntries(readActions(doc).map((action) => [action.id, action.order]))
    expect(byId.a2! > byId.a1!).toBe(true)
  })

  it('codes assessment needs by domain, tombstones a removed one and brings it back when coded again', () => {
    const doc = new Y.Doc()
    addAssessmentNeed(doc, 'health', codeB, author)
    addAssessmentNeed(doc, 'health', codeA, author)
    expect(readAssessmentNeeds(throughBytes(doc)).health.map((need) => need.code)).toEqual([codeA, codeB].sort(compareCodes))
    removeAssessmentNeed(doc, 'health', codeA, author)
    expect(planRoots(doc).assessmentNeeds.has(`health:${codeA}`)).toBe(true)
    expect(readAssessmentNeeds(doc).health.map((need) => need.code)).toEqual([codeB])
    addAssessmentNeed(doc, 'health', codeA, author)
    expect(readAssessmentNeeds(doc).health).toHaveLength(2)
  })

  it('refuses to code an unknown SERAFIN-PH code, and skips entries whose key does not match their value', () => {
    const doc = new Y.Doc()
    expect(() => addAssessmentNeed(doc, 'health', '9.9.9.9', author)).toThrow(/unknown SERAFIN-PH code/)
    planRoots(doc).assessmentNeeds.set(`autonomy:${codeA}`, { domain: 'health', code: codeA })
    planRoots(doc).assessmentNeeds.set('junk', 'not an object')
    expect(Object.values(readAssessmentNeeds(doc)).flat()).toEqual([])
  })

  it('compares codes part by part as numbers', () => {
    expect(['1.1.10', '1.1.9', '1.2', '1.1'].sort(compareCodes)).toEqual(['1.1', '1.1.9', '1.1.10', '1.2'])
  })

  it('writes an unmet coding with known codes only, each once', () => {
    const doc = new Y.Doc()
    addUnmet(doc, { id: 'n1', need: 'x' }, author)
    setUnmetCoding(findUnmetRow(doc, 'n1')!, { needCodes: [codeA, 'bogus', codeA], missingAnswer: 'place' }, author)
    expect(readUnmet(doc)[0]).toMatchObject({ needCodes: [codeA], missingAnswer: 'place' })
    expect(findUnmetRow(doc, 'nope')).toBeNull()
  })
})
