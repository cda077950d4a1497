import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import { documentName } from '../../shared/schema/roots.ts'
import { addAssessmentNeed, planRoots, readAssessmentNeeds, removeAssessmentNeed } from '../../shared/schema/plan.ts'

/**
 * Issue 19 and DESIGN 5b: the assessment's coded needs (`assessmentNeeds`)
 * are part of the plan a version keeps, so a restore brings them back too:
 * the version's entries with their values, and needs coded after it
 * tombstoned (`removedAt`), never deleted.
 */
let concerto: Awaited<ReturnType<typeof createTestApp>>
let cookie: string
const post = (path: string, body: unknown) =>
  concerto.app.request(path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })
const planDoc = documentName('madame-b', 'plan')
const live = async () => {
  const [state] = await concerto.rooms.encodeStates([planDoc])
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state!)
  return doc
}
const entries = (doc: Y.Doc) => Object.fromEntries([...planRoots(doc).assessmentNeeds.entries()])

let versionNeeds: ReturnType<typeof readAssessmentNeeds>
let versionEntries: Record<string, unknown>
let versionId: string

beforeAll(async () => {
  concerto = await createTestApp()
  cookie = await loginCookie(concerto.app, 'coordination@demo.test')
  const before = await live()
  versionNeeds = readAssessmentNeeds(before)
  versionEntries = entries(before)
  before.destroy()
  expect(versionNeeds.health.map((need) => need.code)).toContain('1.1.6')
  versionId = ((await (await post('/api/situations/madame-b/versions', { label: 'Besoins codés' })).json()) as { id: string }).id
  // After the version: one need removed, one coded anew.
  await concerto.rooms.change(planDoc, 'test: recode', (doc) => {
    removeAssessmentNeed(doc, 'health', '1.1.6', { userId: 'user-infirmier' })
    addAssessmentNeed(doc, 'autonomy', '1.2.1.2', { userId: 'user-infirmier' })
  })
}, 60_000)
afterAll(async () => concerto.dispose())

describe('restore brings back the coded needs of the version', () => {
  it('a restore gives back the version’s coded needs and tombstones the ones coded since', async () => {
    const changed = await live()
    expect(readAssessmentNeeds(changed).health.map((need) => need.code)).not.toContain('1.1.6')
    changed.destroy()

    const response = await post(`/api/situations/madame-b/versions/${versionId}/restore`, {})
    expect(response.status).toBe(201)
    const doc = await live()
    try {
      // The needs read as in the version, each entry with the version's value.
      expect(readAssessmentNeeds(doc)).toEqual(versionNeeds)
      const now = entries(doc)
      for (const [key, value] of Object.entries(versionEntries)) expect(now[key], key).toEqual(value)
      // The need coded after the version stays as a tombstone (restorable, in the history), never a deleted key.
      const later = now['autonomy:1.2.1.2'] as { removedAt: unknown; by: unknown }
      expect(typeof later.removedAt).toBe('string')
      expect(later.by).toBe('user-coordination')
    } finally {
      doc.destroy()
    }
  })
})
