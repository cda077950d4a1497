import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, type TestClient } from '../../test/helpers/clients.ts'
import { addAction, assessmentFragment, planRoots, readActions, readGoals } from '../../shared/schema/plan.ts'
import { findRow, removeRow, updateRow } from '../../shared/schema/rows.ts'
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

describe('compare and restore', () => {
  let before: { id: string; label: string }
  let after: { id: string }

  it('compare lists exactly an added action, a changed due date, a tombstoned goal and an edited assessment paragraph', async () => {
    before = (await (await post('/api/situations/madame-b/versions', { label: 'Avant la réunion' })).json()) as { id: string; label: string }
    const doc = editor.doc
    const author = { userId: 'user-medecin' }
    addAction(doc, { id: 'new-action', goalId: 'madame-b-diabetes', title: 'Consultation d’ophtalmologie', owner: null, dueDate: '2027-01-15' }, author)
    updateRow(findRow(planRoots(doc).actions, 'madame-b-doses')!, { dueDate: '2027-02-01' }, author)
    removeRow(findRow(planRoots(doc).goals, 'madame-b-social')!, author)
    writeRichText(assessmentFragment(doc, 'autonomy')!, paragraphs('Autonome pour les actes de la vie quotidienne. Oublie parfois son traitement du soir.', 'Utilise désormais un pilulier.'))
    await eventually(() => expect(readActions(serverPlan()).some((a) => a.id === 'new-action')).toBe(true))
    await eventually(() => expect(readGoals(serverPlan()).find((g) => g.id === 'madame-b-social')!.deletedAt).not.toBeNull())
    await eventually(() => expect(JSON.stringify(readRichText(assessmentFragment(serverPlan(), 'autonomy')!))).toContain('pilulier'))
    after = (await (await post('/api/situations/madame-b/versions', { label: 'Après la réunion' })).json()) as { id: string }

    const comparison = (await (await api(`/api/situations/madame-b/versions/${before.id}/compare/${after.id}`)).json()) as {
      rows: { kind: string; id: string; title: string; change: string; fields: { field: string; before: string; after: string }[] }[]
      assessment: { domain: string; removed: string[]; added: string[] }[]
    }
    expect(comparison.rows.map((row) => [row.kind, row.id, row.change]).sort()).toEqual(
      [
        ['action', 'madame-b-doses', 'changed'],
        ['action', 'new-action', 'added'],
        ['goal', 'madame-b-social', 'removed'],
      ].sort(),
    )
    expect(comparison.rows.find((row) => row.id === 'madame-b-doses')!.fields).toEqual([expect.objectContaining({ field: 'dueDate', after: '2027-02-01' })])
    expect(comparison.rows.find((row) => row.id === 'new-action')!.title).toBe('Consultation d’ophtalmologie')
    expect(comparison.assessment).toEqual([{ domain: 'autonomy', removed: [], added: ['Utilise désormais un pilulier.'] }])
    // "now" compares against the live plan.
    const live = (await (await api(`/api/situations/madame-b/versions/${after.id}/compare/current`)).json()) as { rows: unknown[] }
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
      expect(readActions(editor.doc).find((a) => a.id === 'madame-b-doses')!.dueDate).not.toBe('2027-02-01')
      expect(JSON.stringify(readRichText(assessmentFragment(editor.doc, 'autonomy')!))).not.toContain('pilulier')
    })
    const list = (await (await api('/api/situations/madame-b/versions')).json()) as { id: string }[]
    expect(list.map((v) => v.id).slice(0, 3)).toEqual([version.id, after.id, before.id])
    // Same shared types: the open client edits on and the server follows.
    expect(editor.closeCodes).toEqual([])
    updateRow(findRow(planRoots(editor.doc).actions, 'madame-b-etp')!, { frequency: 'Chaque semaine' }, { userId: 'user-medecin' })
    await eventually(() => expect(readActions(serverPlan()).find((a) => a.id === 'madame-b-etp')!.frequency).toBe('Chaque semaine'))
    const sinceRestore = (await (await api(`/api/situations/madame-b/versions/${before.id}/compare/${version.id}`)).json()) as { rows: unknown[]; assessment: unknown[] }
    expect(sinceRestore.rows).toEqual([])
    expect(sinceRestore.assessment).toEqual([])
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
