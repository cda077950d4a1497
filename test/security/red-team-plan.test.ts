import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { addGoal, planRoots, readGoals } from '../../shared/schema/plan.ts'
import { findRow, removeRow, updateRow } from '../../shared/schema/rows.ts'
import { connectClient, eventually, login, openRawSocket, sleep } from '../helpers/clients.ts'
import { encodeSyncUpdate } from '../../server/sync/frame.ts'
import { expectAccepted, expectRefused, scene, type Scene } from './red-team.ts'

/**
 * Issue 13, points 3 and 4 (sync side): no writer can destroy the plan or
 * store a value that breaks its readers. The attacker is the social worker
 * of Monsieur X, a plan writer outside the care team.
 */
const ROOM = 'monsieur-x/plan'
const SOCIAL = 'user-social'

let stage: Scene | null = null
afterEach(async () => {
  await stage?.cleanup()
  stage = null
})

const rows = (doc: Y.Doc) => {
  const { goals, actions, unmet } = planRoots(doc)
  return { goals: goals.toJSON(), actions: actions.toJSON(), unmet: unmet.toJSON() }
}
const assessment = (doc: Y.Doc) => {
  const map = planRoots(doc).assessment
  return Object.fromEntries([...map.keys()].sort().map((key) => [key, map.get(key)?.toString()]))
}
const firstGoal = (doc: Y.Doc) => planRoots(doc).goals.get(0)

describe('the plan refuses what would destroy it', () => {
  it('rows-are-tombstoned: a writer cannot hard-delete every goal and action', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = rows(stage.witness.doc)
    expect(before.goals.length).toBeGreaterThanOrEqual(2)
    const { goals, actions } = planRoots(stage.attacker.doc)
    stage.attacker.doc.transact(() => {
      goals.delete(0, goals.length)
      actions.delete(0, actions.length)
    })
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'rows-are-tombstoned', read: rows, before })
  }, 30_000)

  it('fixed-fragments-stay: a writer cannot replace a fixed assessment fragment', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = assessment(stage.witness.doc)
    expect(before.health).toContain('AVC')
    planRoots(stage.attacker.doc).assessment.set('health', new Y.XmlFragment())
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'fixed-fragments-stay', read: assessment, before })
  }, 30_000)

  it('fixed-fragments-stay: a writer cannot delete a fixed assessment fragment', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = assessment(stage.witness.doc)
    planRoots(stage.attacker.doc).assessment.delete('autonomy')
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'fixed-fragments-stay', read: assessment, before, restart: false })
  }, 30_000)

  it('row-identity-stays: a writer cannot take a row’s id away (readers would skip it)', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = rows(stage.witness.doc)
    firstGoal(stage.attacker.doc).delete('id')
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'row-identity-stays', read: rows, before, restart: false })
  }, 30_000)

  it('calendar-dates: a dueDate of 2026-99-99 is refused over sync', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = rows(stage.witness.doc)
    updateRow(firstGoal(stage.attacker.doc), { dueDate: '2026-99-99' }, { userId: SOCIAL })
    await expectRefused(stage, { code: CloseCode.updateRejected, rule: 'calendar-dates', read: rows, before })
  }, 30_000)

  it('enumerations: a status outside the schema is refused', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = rows(stage.witness.doc)
    updateRow(firstGoal(stage.attacker.doc), { status: 'hacked' }, { userId: SOCIAL })
    await expectRefused(stage, { code: CloseCode.updateRejected, rule: 'enumerations', read: rows, before, restart: false })
  }, 30_000)

  it('by-names-writer: a row cannot be signed with another member’s id', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = rows(stage.witness.doc)
    updateRow(firstGoal(stage.attacker.doc), { status: 'achieved' }, { userId: 'user-medecin' })
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'by-names-writer', read: rows, before, restart: false })
  }, 30_000)

  it('legitimate edits pass: tombstone, restore, a new goal, dates, assessment text, extra fields and unknown roots', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const { attacker: writer } = stage
    const author = { userId: SOCIAL }
    const goalId = readGoals(writer.doc)[0]!.id
    removeRow(findRow(planRoots(writer.doc).goals, goalId)!, author)
    await expectAccepted(stage, (doc) => readGoals(doc).find((goal) => goal.id === goalId)?.deletedBy, SOCIAL)
    updateRow(findRow(planRoots(writer.doc).goals, goalId)!, { deletedAt: null, deletedBy: null, dueDate: '2028-02-29', extra: { any: 'thing' } }, author)
    await expectAccepted(stage, (doc) => readGoals(doc).find((goal) => goal.id === goalId)?.dueDate, '2028-02-29')
    addGoal(writer.doc, { id: 'red-team-new-goal', title: 'Nouvel objectif', domain: 'autonomy', dueDate: '2027-01-31' }, author)
    await expectAccepted(stage, (doc) => readGoals(doc).some((goal) => goal.id === 'red-team-new-goal'), true)
    const health = planRoots(writer.doc).assessment.get('health')!
    const paragraph = new Y.XmlElement('paragraph')
    health.push([paragraph])
    paragraph.insert(0, [new Y.XmlText('Ajout du travailleur social.')])
    await expectAccepted(stage, (doc) => planRoots(doc).assessment.get('health')!.toString().includes('Ajout du travailleur social.'), true)
    writer.doc.getMap('someFutureRoot').set('note', 'accepted')
    await expectAccepted(stage, (doc) => doc.getMap('someFutureRoot').get('note'), 'accepted')
  }, 30_000)
})

describe('a closed situation is read-only over sync until reopened', () => {
  it('closed-situation-read-only: a writer connected before the closing cannot write after it', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const coordinator = await login(stage.server.url, 'coordination@demo.test')
    const closed = await fetch(`${stage.server.url}/api/situations/monsieur-x/close`, {
      method: 'POST',
      headers: { cookie: coordinator, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'goalsReached' }),
    })
    expect(closed.status).toBe(200)
    const before = rows(stage.witness.doc)
    // Whatever the closing did to live connections, a write now is refused.
    await eventually(() => expect(stage!.attacker.provider.wsconnected).toBe(true), { timeoutMs: 10_000 })
    updateRow(firstGoal(stage.attacker.doc), { status: 'achieved' }, { userId: SOCIAL })
    await eventually(() => expect(stage!.attacker.closeCodes).toContain(CloseCode.forbidden))
    // The refusal's audit row is appended without holding up the close (docs/decisions/018): read once it has landed.
    const refusal = await eventually(async () => {
      const found = (await stage!.server.concerto.audit.forSituation('monsieur-x')).find((event) => event.action === 'sync.refused')
      expect(found).toBeDefined()
      return found
    })
    expect(['read-only', 'closed-situation-read-only']).toContain(refusal?.detail.rule)
    await expectRefused(stage, { code: CloseCode.forbidden, rule: refusal!.detail.rule as string, read: rows, before, restart: false })
  }, 30_000)

  it('closed-situation-read-only: the rule holds even for a connection that was not re-decided', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const before = rows(stage.witness.doc)
    // Closed in SQL behind the live connections' back: the check reads the status on every update.
    await stage.server.concerto.situations.setStatus('monsieur-x', 'closed')
    updateRow(firstGoal(stage.attacker.doc), { status: 'achieved' }, { userId: SOCIAL })
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'closed-situation-read-only', read: rows, before, restart: false })
    // Reopened: a fresh writer writes again.
    await stage.server.concerto.situations.setStatus('monsieur-x', 'open')
    const again = connectClient(stage.server.wsUrl, ROOM, await login(stage.server.url, 'social@demo.test'))
    await again.synced
    updateRow(firstGoal(again.doc), { status: 'achieved' }, { userId: SOCIAL })
    await eventually(() => expect(firstGoal(stage!.witness.doc).get('status')).toBe('achieved'))
    again.destroy()
  }, 30_000)

  it('closed-situation-read-only: a writer’s frame that changes nothing is not refused, its next real edit is', async () => {
    stage = await scene(ROOM, 'social@demo.test', 'medecin@demo.test')
    const raw = openRawSocket(`${stage.server.wsUrl}/sync/${ROOM}`, await login(stage.server.url, 'social@demo.test'))
    expect(await raw.opened).toEqual({ ok: true })
    await stage.server.concerto.situations.setStatus('monsieur-x', 'closed')
    // An empty update, as a writer's sync step 2 that crossed the closing: nothing to refuse.
    raw.socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(new Y.Doc())))
    await sleep(300)
    expect(raw.socket.readyState).toBe(raw.socket.OPEN)
    const edit = new Y.Doc()
    edit.getText('scratch').insert(0, 'après la clôture')
    raw.socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(edit)))
    expect((await raw.closed).code).toBe(CloseCode.forbidden)
    await stage.server.concerto.situations.setStatus('monsieur-x', 'open')
  }, 30_000)
})
