import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { addAssessmentNeed, planRoots, readAssessmentNeeds, readUnmet, removeAssessmentNeed, setUnmetCoding } from '../../shared/schema/plan.ts'
import { updateRow } from '../../shared/schema/rows.ts'
import { expectAccepted, expectRefused, randomClientId, scene, sendRawUpdate, type Scene } from './red-team.ts'

/**
 * Issue 19's coded needs under the document rules (DESIGN 5b): the
 * assessment's `assessmentNeeds` entries and an unmet goal's `needCodes`,
 * `missingAnswer` and `missingSince` feed the territory's dashboard, so a
 * writer can neither erase a coded need nor store a code, an answer or a
 * signature the readers would misread. The attacker is the social worker of
 * Monsieur X (a plan writer), with a stock y-websocket client.
 */
const ROOM = 'monsieur-x/plan'
const SOCIAL = 'user-social'
const NEED = 'health:1.1.1'

let stage: Scene | null = null
afterEach(async () => {
  await stage?.cleanup()
  stage = null
})

const needsJson = (doc: Y.Doc) => {
  const map = planRoots(doc).assessmentNeeds
  return Object.fromEntries([...map.keys()].sort().map((key) => [key, map.get(key)]))
}
const unmetJson = (doc: Y.Doc) => planRoots(doc).unmet.toJSON()
const codedUnmet = (doc: Y.Doc) => planRoots(doc).unmet.get(readUnmetIndex(doc))
const readUnmetIndex = (doc: Y.Doc) => planRoots(doc).unmet.toArray().findIndex((row) => Array.isArray(row.get('needCodes')) && (row.get('needCodes') as unknown[]).length > 0)

describe('coded needs are never erased or miscoded', () => {
  it('coded-needs-stay: a writer cannot delete a coded need of the assessment (only tombstone it)', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = needsJson(stage.witness.doc)
    expect(Object.keys(before)).toContain(NEED)
    planRoots(stage.attacker.doc).assessmentNeeds.delete(NEED)
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'coded-needs-stay', read: needsJson, before })
  }, 30_000)

  it('coded-needs-stay: a hand-made value hidden to the left of a coded need cannot carry its delete', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = needsJson(stage.witness.doc)
    // A value set under the key by a document that never saw the coded need
    // (no origin: Yjs puts it first, then drops it as not the latest), merged
    // with the delete of the real value: applied, the key would be gone.
    const forger = new Y.Doc()
    forger.clientID = randomClientId()
    forger.getMap('assessmentNeeds').set(NEED, { domain: 'health', code: '1.1.1', by: SOCIAL, at: new Date().toISOString(), removedAt: null })
    const hidden = Y.encodeStateAsUpdate(forger)
    const attacker = stage.attacker.doc
    const vector = Y.encodeStateVector(attacker)
    const deleting = new Y.Doc()
    deleting.clientID = attacker.clientID
    Y.applyUpdate(deleting, Y.encodeStateAsUpdate(attacker))
    deleting.getMap('assessmentNeeds').delete(NEED)
    const deletion = Y.encodeStateAsUpdate(deleting, vector)
    sendRawUpdate(stage.attacker, Y.mergeUpdates([hidden, deletion]))
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'coded-needs-stay', read: needsJson, before, restart: false })
  }, 30_000)

  it('coded-needs-well-formed: a key that is not <domain>:<SERAFIN-PH code> is refused', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = needsJson(stage.witness.doc)
    planRoots(stage.attacker.doc).assessmentNeeds.set('health:9.9.9', { domain: 'health', code: '9.9.9', by: SOCIAL, at: new Date().toISOString(), removedAt: null })
    await expectRefused(stage, { code: CloseCode.updateRejected, rule: 'coded-needs-well-formed', read: needsJson, before, restart: false })
  }, 30_000)

  it('coded-needs-well-formed: an entry whose domain and code differ from its key is refused', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = needsJson(stage.witness.doc)
    planRoots(stage.attacker.doc).assessmentNeeds.set(NEED, { domain: 'autonomy', code: '1.2.1.1', by: SOCIAL, at: new Date().toISOString(), removedAt: null })
    await expectRefused(stage, { code: CloseCode.updateRejected, rule: 'coded-needs-well-formed', read: needsJson, before, restart: false })
  }, 30_000)

  it('by-names-writer: a coded need cannot be signed with another member’s id', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = needsJson(stage.witness.doc)
    addAssessmentNeed(stage.attacker.doc, 'autonomy', '1.2.1.2', { userId: 'user-medecin' })
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'by-names-writer', read: needsJson, before, restart: false })
  }, 30_000)

  it('enumerations: an unmet goal’s missing answer outside the list is refused', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = unmetJson(stage.witness.doc)
    updateRow(codedUnmet(stage.attacker.doc), { missingAnswer: 'nowhere' }, { userId: SOCIAL })
    await expectRefused(stage, { code: CloseCode.updateRejected, rule: 'enumerations', read: unmetJson, before, restart: false })
  }, 30_000)

  it('enumerations: an unmet goal’s need codes that are not SERAFIN-PH codes are refused', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = unmetJson(stage.witness.doc)
    updateRow(codedUnmet(stage.attacker.doc), { needCodes: ['1.3.4.1', 'DROP TABLE'] }, { userId: SOCIAL })
    await expectRefused(stage, { code: CloseCode.updateRejected, rule: 'enumerations', read: unmetJson, before, restart: false })
  }, 30_000)

  it('calendar-dates: an unmet goal’s missingSince of 2025-02-30 is refused', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = unmetJson(stage.witness.doc)
    updateRow(codedUnmet(stage.attacker.doc), { missingSince: '2025-02-30' }, { userId: SOCIAL })
    await expectRefused(stage, { code: CloseCode.updateRejected, rule: 'calendar-dates', read: unmetJson, before, restart: false })
  }, 30_000)

  it('legitimate coding passes: a burst of coded needs added and removed, an unmet goal recoded', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const { attacker: writer } = stage
    const author = { userId: SOCIAL }
    // Sent without waiting: each update refers to values the server may not have applied yet.
    for (const code of ['1.2.1.2', '1.2.1.4', '1.3.3.2']) {
      addAssessmentNeed(writer.doc, 'autonomy', code, author)
      removeAssessmentNeed(writer.doc, 'autonomy', code, author)
      addAssessmentNeed(writer.doc, 'autonomy', code, author)
    }
    removeAssessmentNeed(writer.doc, 'health', '1.1.1', author)
    const expected = readAssessmentNeeds(writer.doc)
    expect(expected.autonomy.map((need) => need.code)).toEqual(expect.arrayContaining(['1.2.1.2', '1.2.1.4', '1.3.3.2']))
    await expectAccepted(stage, (doc) => readAssessmentNeeds(doc), expected)
    await expectAccepted(stage, (doc) => typeof (planRoots(doc).assessmentNeeds.get(NEED) as { removedAt?: unknown })?.removedAt, 'string')
    setUnmetCoding(codedUnmet(writer.doc), { needCodes: ['1.3.4.1', '1.3.3.2'], missingAnswer: 'waitingList', missingSince: '2024-02-29' }, author)
    await expectAccepted(stage, (doc) => readUnmet(doc).find((row) => row.needCodes.length > 0)?.missingAnswer, 'waitingList')
  }, 30_000)
})
