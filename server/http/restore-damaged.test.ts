import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import { documentName } from '../../shared/schema/roots.ts'
import { assessmentFragment, planRoots, readActions, readGoals } from '../../shared/schema/plan.ts'
import { richTextToPlain } from '../../shared/editor/fragment.ts'

/**
 * Issue 13, point 3: rows destroyed for good (hard deletes) and damaged
 * fixed fragments, in data stored before the server enforced the document
 * rules, come back from a version's content when it is restored.
 */
let concerto: Awaited<ReturnType<typeof createTestApp>>
let cookie: string
const post = (path: string, body: unknown) =>
  concerto.app.request(path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })
const get = (path: string) => concerto.app.request(path, { headers: { cookie } })
const planDoc = documentName('madame-b', 'plan')
const live = async () => {
  const [state] = await concerto.rooms.encodeStates([planDoc])
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state!)
  return doc
}

let versionId: string
let goals: { id: string; title: string }[]
let actions: { id: string; title: string }[]
let healthText: string

beforeAll(async () => {
  concerto = await createTestApp()
  cookie = await loginCookie(concerto.app, 'coordination@demo.test')
  const before = await live()
  goals = readGoals(before).filter((g) => !g.deletedAt).map((g) => ({ id: g.id, title: g.title }))
  actions = readActions(before).filter((a) => !a.deletedAt).map((a) => ({ id: a.id, title: a.title }))
  healthText = richTextToPlain(assessmentFragment(before, 'health')!)
  before.destroy()
  expect(goals.length).toBeGreaterThanOrEqual(2)
  versionId = ((await (await post('/api/situations/madame-b/versions', { label: 'Avant dégâts' })).json()) as { id: string }).id
  // The damage a plan writer could do before the document-rules check: every goal and action
  // hard-deleted, one fixed fragment deleted, another replaced by a plain string.
  await concerto.rooms.change(planDoc, 'test: damage', (doc) => {
    const roots = planRoots(doc)
    roots.goals.delete(0, roots.goals.length)
    roots.actions.delete(0, roots.actions.length)
    roots.assessment.delete('health')
    ;(roots.assessment as unknown as Y.Map<unknown>).set('autonomy', 'écrasé')
  })
}, 60_000)
afterAll(async () => concerto.dispose())

describe('restore repairs damaged data from the version', () => {
  it('compare shows a hard-deleted goal and action as removed', async () => {
    const response = await get(`/api/situations/madame-b/versions/${versionId}/compare/current`)
    expect(response.status).toBe(200)
    const { rows } = (await response.json()) as { rows: { id: string; change: string; title: string }[] }
    for (const goal of goals) expect(rows).toContainEqual(expect.objectContaining({ id: goal.id, change: 'removed', title: goal.title }))
    for (const action of actions) expect(rows).toContainEqual(expect.objectContaining({ id: action.id, change: 'removed' }))
  })

  it('a restore brings back a goal that was hard-deleted, with its id, its content and its actions', async () => {
    const response = await post(`/api/situations/madame-b/versions/${versionId}/restore`, {})
    expect(response.status).toBe(201)
    const doc = await live()
    try {
      const restoredGoals = readGoals(doc).filter((g) => !g.deletedAt)
      expect(restoredGoals.map((g) => ({ id: g.id, title: g.title })).sort((a, b) => a.id.localeCompare(b.id))).toEqual([...goals].sort((a, b) => a.id.localeCompare(b.id)))
      expect(readActions(doc).filter((a) => !a.deletedAt).map((a) => a.id).sort()).toEqual(actions.map((a) => a.id).sort())
      // Each text field is a Y.Text again, created with its row.
      const row = planRoots(doc).goals.toArray().find((r) => r.get('id') === goals[0]!.id)!
      expect(row.get('title')).toBeInstanceOf(Y.Text)
    } finally {
      doc.destroy()
    }
  })

  it('a restore brings back a deleted or replaced assessment fragment', async () => {
    const doc = await live()
    try {
      expect(assessmentFragment(doc, 'health')).toBeInstanceOf(Y.XmlFragment)
      expect(richTextToPlain(assessmentFragment(doc, 'health')!)).toBe(healthText)
      expect(assessmentFragment(doc, 'autonomy')).toBeInstanceOf(Y.XmlFragment)
    } finally {
      doc.destroy()
    }
  })

  it('after the restore, compare with the version shows no removed row', async () => {
    const { rows } = (await (await get(`/api/situations/madame-b/versions/${versionId}/compare/current`)).json()) as { rows: { change: string }[] }
    expect(rows.filter((r) => r.change === 'removed')).toEqual([])
  })
})
