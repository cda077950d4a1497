import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, type TestClient } from '../../test/helpers/clients.ts'
import { addAction, addUnmet, assessmentFragment, planRoots, readActions, readGoals, readUnmet } from '../../shared/schema/plan.ts'
import { findRow, removeRow, replaceText, updateRow } from '../../shared/schema/rows.ts'
import { versionPartJson } from '../../test/helpers/doc-json.ts'
import { readRichText, writeRichText } from '../../shared/editor/fragment.ts'
import { paragraphs } from '../../shared/editor/rich-text.ts'

let server: TestServer
let coordinator: string
let editor: TestClient
const api = (path: string, cookie = coordinator, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', cookie, ...(init.headers ?? {}) } })
const post = (path: string, body: unknown = {}, cookie = coordinator) => api(path, cookie, { method: 'POST', body: JSON.stringify(body) })
const serverPlan = () => server.concerto.rooms.get('madame-b/plan')!.doc

beforeAll(async () => {
  server = await startTestServer()
  coordinator = await login(server.url, 'coordination@demo.test')
  editor = connectClient(server.wsUrl, 'madame-b/plan', await login(server.url, 'medecin@demo.test'))
  await editor.synced
})
afterAll(async () => {
  editor.destroy()
  await server.dispose()
})

type Comparison = {
  rows: { kind: string; id: string; title: string; change: string; fields: { field: string; before: string | null; after: string | null }[] }[]
  assessment: { domain: string; removed: string[]; added: string[] }[]
}

/** A version's plan as JSON without provenance (who/when) and display copies of records, which a restore keeps on purpose. */
const contentOf = async (versionId: string): Promise<Record<string, unknown>> => {
  const read = (await (await api(`/api/situations/madame-b/versions/${versionId}`)).json()) as { parts: { plan: string } }
  const plan = versionPartJson(read.parts.plan, 'plan')
  const strip = (rows: unknown) => (rows as Record<string, unknown>[]).map(({ updatedBy: _b, updatedAt: _a, deletedBy: _d, commitment: _c, ...rest }) => rest)
  return { ...plan, goals: strip(plan.goals), actions: strip(plan.actions), unmet: strip(plan.unmet), decisions: strip(plan.decisions) }
}
/** Rows a later restore tombstoned because they did not exist yet in the version it restored. */
const withoutRowsAbsentFrom = (content: Record<string, unknown>, reference: Record<string, unknown>) => {
  const out: Record<string, unknown> = { ...content }
  for (const root of ['goals', 'actions', 'unmet', 'decisions']) {
    const ids = new Set((reference[root] as { id: string }[]).map((row) => row.id))
    out[root] = (content[root] as { id: string; deletedAt?: string | null }[]).filter((row) => ids.has(row.id) || !row.deletedAt)
  }
  return out
}

describe('compare and restore', () => {
  let before: { id: string; label: string }
  let after: { id: string; label: string }
  let dosesDueBefore: string

  it('compare lists exactly an added action, a changed due date with its old value, a commitment, an unmet need, a tombstoned goal and an edited assessment paragraph', async () => {
    const doc = editor.doc
    const author = { userId: 'user-medecin' }
    // An unmet need that exists in both versions, its target answer edited in between.
    addUnmet(doc, { id: 'madame-b-unmet', need: 'Portage de repas le week-end', targetAnswer: 'Service municipal de portage', alternativeAnswer: 'Voisine le samedi' }, author)
    await eventually(() => expect(readUnmet(serverPlan()).some((u) => u.id === 'madame-b-unmet')).toBe(true))
    dosesDueBefore = readActions(serverPlan()).find((a) => a.id === 'madame-b-doses')!.dueDate!
    const etpCommitmentBefore = readActions(serverPlan()).find((a) => a.id === 'madame-b-etp')!.commitment
    expect(dosesDueBefore).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(dosesDueBefore).not.toBe('2027-02-01')
    expect(etpCommitmentBefore).not.toBe('accepted')
    before = (await (await post('/api/situations/madame-b/versions', { label: 'Avant la réunion' })).json()) as { id: string; label: string }

    addAction(doc, { id: 'new-action', goalId: 'madame-b-diabetes', title: 'Consultation d’ophtalmologie', owner: null, dueDate: '2027-01-15' }, author)
    updateRow(findRow(planRoots(doc).actions, 'madame-b-doses')!, { dueDate: '2027-02-01' }, author)
    removeRow(findRow(planRoots(doc).goals, 'madame-b-social')!, author)
    replaceText(findRow(planRoots(doc).unmet, 'madame-b-unmet')!.get('targetAnswer') as Y.Text, 'Portage par le CCAS, 7 jours sur 7')
    writeRichText(assessmentFragment(doc, 'autonomy')!, paragraphs('Autonome pour les actes de la vie quotidienne. Oublie parfois son traitement du soir.', 'Utilise désormais un pilulier.'))
    // The nurse, who owns the education sessions, accepts them: a record, shown in the plan by the server.
    expect((await post('/api/situations/madame-b/actions/madame-b-etp/commitment', { status: 'accepted' }, await login(server.url, 'infirmier@demo.test'))).status).toBe(201)
    await eventually(() => expect(readActions(serverPlan()).some((a) => a.id === 'new-action')).toBe(true))
    await eventually(() => expect(readGoals(serverPlan()).find((g) => g.id === 'madame-b-social')!.deletedAt).not.toBeNull())
    await eventually(() => expect(readUnmet(serverPlan()).find((u) => u.id === 'madame-b-unmet')!.targetAnswer).toBe('Portage par le CCAS, 7 jours sur 7'))
    await eventually(() => expect(readActions(serverPlan()).find((a) => a.id === 'madame-b-etp')!.commitment).toBe('accepted'))
    await eventually(() => expect(JSON.stringify(readRichText(assessmentFragment(serverPlan(), 'autonomy')!))).toContain('pilulier'))
    after = (await (await post('/api/situations/madame-b/versions', { label: 'Après la réunion' })).json()) as { id: string; label: string }

    const comparison = (await (await api(`/api/situations/madame-b/versions/${before.id}/compare/${after.id}`)).json()) as Comparison
    const byId = (id: string) => comparison.rows.find((row) => row.id === id)!
    expect(comparison.rows.map((row) => [row.kind, row.id, row.change]).sort()).toEqual(
      [
        ['action', 'madame-b-doses', 'changed'],
        ['action', 'madame-b-etp', 'changed'],
        ['action', 'new-action', 'added'],
        ['goal', 'madame-b-social', 'removed'],
        ['unmet', 'madame-b-unmet', 'changed'],
      ].sort(),
    )
    expect(byId('madame-b-doses').fields).toEqual([{ field: 'dueDate', before: dosesDueBefore, after: '2027-02-01' }])
    expect(byId('madame-b-etp').fields).toEqual([{ field: 'commitment', before: etpCommitmentBefore, after: 'accepted' }])
    expect(byId('madame-b-unmet')).toMatchObject({ title: 'Portage de repas le week-end', fields: [{ field: 'targetAnswer', before: 'Service municipal de portage', after: 'Portage par le CCAS, 7 jours sur 7' }] })
    expect(byId('new-action').title).toBe('Consultation d’ophtalmologie')
    expect(byId('madame-b-social').title).toBe(readGoals(serverPlan()).find((g) => g.id === 'madame-b-social')!.title)
    expect(comparison.assessment).toEqual([{ domain: 'autonomy', removed: [], added: ['Utilise désormais un pilulier.'] }])
    // "now" compares against the live plan.
    const live = (await (await api(`/api/situations/madame-b/versions/${after.id}/compare/current`)).json()) as Comparison
    expect(live.rows).toEqual([])
  })

  it('restore brings the old content back as a new version, the history keeps both, and an open client keeps syncing', async () => {
    const restored = await post(`/api/situations/madame-b/versions/${before.id}/restore`, {})
    expect(restored.status).toBe(201)
    const version = (await restored.json()) as { id: string; label: string }
    expect(version.label).toContain('Avant la réunion')
    await eventually(() => {
      expect(readActions(editor.doc).find((a) => a.id === 'new-action')!.deletedAt).not.toBeNull()
      expect(readGoals(editor.doc).find((g) => g.id === 'madame-b-social')!.deletedAt).toBeNull()
      expect(readActions(editor.doc).find((a) => a.id === 'madame-b-doses')!.dueDate).toBe(dosesDueBefore)
      expect(readUnmet(editor.doc).find((u) => u.id === 'madame-b-unmet')!.targetAnswer).toBe('Service municipal de portage')
      expect(JSON.stringify(readRichText(assessmentFragment(editor.doc, 'autonomy')!))).not.toContain('pilulier')
    })
    const list = (await (await api('/api/situations/madame-b/versions')).json()) as { id: string }[]
    expect(list.map((v) => v.id).slice(0, 3)).toEqual([version.id, after.id, before.id])
    // The new version holds the old content (rows added since are tombstoned), and the history still holds the later one.
    const restoredContent = await contentOf(version.id)
    const beforeContent = await contentOf(before.id)
    expect(withoutRowsAbsentFrom(restoredContent, beforeContent)).toEqual(beforeContent)
    expect((restoredContent.actions as { id: string; deletedAt: string | null }[]).find((a) => a.id === 'new-action')!.deletedAt).not.toBeNull()
    expect(await contentOf(after.id)).not.toEqual(beforeContent)
    // Same shared types: the open client edits on and the server follows.
    expect(editor.closeCodes).toEqual([])
    updateRow(findRow(planRoots(editor.doc).actions, 'madame-b-etp')!, { frequency: 'Chaque semaine' }, { userId: 'user-medecin' })
    await eventually(() => expect(readActions(serverPlan()).find((a) => a.id === 'madame-b-etp')!.frequency).toBe('Chaque semaine'))
    // Between the old version and its restore only the nurse's commitment differs: a record, which a restore never rewrites.
    const sinceRestore = (await (await api(`/api/situations/madame-b/versions/${before.id}/compare/${version.id}`)).json()) as Comparison
    expect(sinceRestore.rows.map((row) => [row.id, row.fields.map((field) => field.field)])).toEqual([['madame-b-etp', ['commitment']]])
    expect(sinceRestore.assessment).toEqual([])
  })

  it('undoes a restore by restoring the version it replaced, as one more version', async () => {
    const undone = await post(`/api/situations/madame-b/versions/${after.id}/restore`, {})
    expect(undone.status).toBe(201)
    const version = (await undone.json()) as { id: string; label: string }
    expect(version.label).toContain('Après la réunion')
    await eventually(() => {
      expect(readActions(editor.doc).find((a) => a.id === 'new-action')!.deletedAt).toBeNull()
      expect(readGoals(editor.doc).find((g) => g.id === 'madame-b-social')!.deletedAt).not.toBeNull()
      expect(readActions(editor.doc).find((a) => a.id === 'madame-b-doses')!.dueDate).toBe('2027-02-01')
      expect(JSON.stringify(readRichText(assessmentFragment(editor.doc, 'autonomy')!))).toContain('pilulier')
    })
    // The content of "after" is back, the frequency edited since included (a restore writes every field of the old rows).
    const back = (await (await api(`/api/situations/madame-b/versions/${after.id}/compare/${version.id}`)).json()) as Comparison
    expect(back.rows).toEqual([])
    expect(back.assessment).toEqual([])
    expect(await contentOf(version.id)).toEqual(await contentOf(after.id))
    const list = (await (await api('/api/situations/madame-b/versions')).json()) as { id: string; label: string }[]
    expect(list.slice(0, 4).map((v) => v.label)).toEqual(['Restauration de « Après la réunion »', 'Restauration de « Avant la réunion »', 'Après la réunion', 'Avant la réunion'])
    expect(editor.closeCodes).toEqual([])
  })
})

describe('agreement and commitments are records given by the right person', () => {
  it('lets the person agree, refuses the relative and professionals', async () => {
    const [latest] = (await (await api('/api/situations/yanis/versions')).json()) as { id: string }[]
    const versionId = latest?.id ?? ((await (await post('/api/situations/yanis/versions', { label: 'GOS' })).json()) as { id: string }).id
    const mother = await login(server.url, 'famille@demo.test')
    expect((await post(`/api/situations/yanis/versions/${versionId}/agreement`, { status: 'agreed' }, mother)).status).toBe(403)
    expect((await post(`/api/situations/yanis/versions/${versionId}/agreement`, { status: 'agreed' }, await login(server.url, 'social@demo.test'))).status).toBe(403)
    const yanis = await login(server.url, 'yanis@demo.test')
    const given = await post(`/api/situations/yanis/versions/${versionId}/agreement`, { status: 'notAgreed', comment: 'Je veux un stage plus long' }, yanis)
    expect(given.status).toBe(201)
    const list = (await (await api('/api/situations/yanis/versions', yanis)).json()) as { id: string; agreement: { status: string; comment: string; byName: string } }[]
    expect(list.find((v) => v.id === versionId)!.agreement).toMatchObject({ status: 'notAgreed', comment: 'Je veux un stage plus long', byName: 'Yanis Morel' })
    expect((await post(`/api/situations/yanis/versions/${versionId}/agreement`, { status: 'maybe' }, yanis)).status).toBe(400)
  })

  it('lets the owning partner accept or decline, refuses another professional, and rewrites the display copy', async () => {
    const educator = await login(server.url, 'social@demo.test')
    // social@ owns yanis-budget; the coordinator may not commit for a partner who has an account.
    expect((await post('/api/situations/yanis/actions/yanis-budget/commitment', { status: 'declined' }, coordinator)).status).toBe(403)
    const medecin = await login(server.url, 'medecin@demo.test')
    expect((await post('/api/situations/madame-b/actions/madame-b-visits/commitment', { status: 'accepted' }, medecin)).status).toBe(403)
    const declined = await post('/api/situations/yanis/actions/yanis-budget/commitment', { status: 'declined', comment: 'Plus de place à l’atelier' }, educator)
    expect(declined.status).toBe(201)
    const reader = connectClient(server.wsUrl, 'yanis/plan', coordinator)
    await reader.synced
    await eventually(() => expect(findRow(planRoots(reader.doc).actions, 'yanis-budget')!.get('commitment')).toBe('declined'))
    // A writer overwriting the display copy is corrected at the next load.
    findRow(planRoots(reader.doc).actions, 'yanis-budget')!.set('commitment', 'accepted')
    await eventually(() => expect(findRow(planRoots(server.concerto.rooms.get('yanis/plan')!.doc).actions, 'yanis-budget')!.get('commitment')).toBe('accepted'))
    reader.destroy()
    await eventually(() => expect(server.concerto.rooms.loadedNames()).not.toContain('yanis/plan'))
    const again = connectClient(server.wsUrl, 'yanis/plan', coordinator)
    await again.synced
    expect(findRow(planRoots(again.doc).actions, 'yanis-budget')!.get('commitment')).toBe('declined')
    again.destroy()
  })
})
