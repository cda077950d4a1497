import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import * as Y from 'yjs'
import { editAs } from '../domain/edits.ts'
import { planRoots, readActions, readGoals } from '../../shared/schema/plan.ts'
import { findRow, updateRow } from '../../shared/schema/rows.ts'
import { pdfText } from '../../test/helpers/pdf.ts'
import { frenchDay } from '../export/labels-fr.ts'
import { keyOf } from '../../test/helpers/document-key.ts'

/** No socket needed: requests go through `app.request()`, and the later change through the room as the coordinator. */
let concerto: Awaited<ReturnType<typeof createTestApp>>
let coordinator: string
beforeAll(async () => {
  concerto = await createTestApp()
  coordinator = await loginCookie(concerto.app, 'coordination@demo.test')
})
afterAll(async () => concerto.dispose())

const get = (path: string, cookie?: string) => concerto.app.request(path, cookie ? { headers: { cookie } } : {})
const post = (path: string, body: unknown, cookie = coordinator) =>
  concerto.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) })

describe('PDF of a validated plan', () => {
  it('contains the goals, owners and due dates of the version, with the agreement and the validation line (PAG)', async () => {
    const version = (await (await post('/api/situations/yanis/versions', { label: 'GOS du 25 novembre' })).json()) as { id: string }
    const yanis = await loginCookie(concerto.app, 'yanis@demo.test')
    expect((await post(`/api/situations/yanis/versions/${version.id}/agreement`, { status: 'agreed', comment: 'C’est bien' }, yanis)).status).toBe(201)
    const response = await get(`/api/situations/yanis/versions/${version.id}/pdf`, coordinator)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-')
    const text = await pdfText(bytes)
    for (const expected of [
      'Travailler dans les espaces verts',
      'Vivre dans un logement accompagné',
      'Inscrire Yanis sur la liste d’attente prioritaire de l’ESAT',
      'ESAT Les Ateliers du Cher',
      'Karim Benali',
      'Réponse cible',
      'Maintien à l’IME à temps partiel',
      'Accepté',
      'GOS du 25 novembre',
      'D’accord',
      'Claire Martin',
    ]) {
      expect(text).toContain(expected)
    }
    const planActions = await concerto.planActions.forOwners('yanis', (await concerto.situations.activeMembers('yanis')).map((m) => m.id))
    for (const action of planActions) expect(text).toContain(frenchDay(action.dueDate))

    // The first page as an image, for a human look (docs keeps a copy).
    const dir = mkdtempSync(join(tmpdir(), 'concerto-pdf-'))
    writeFileSync(join(dir, 'plan.pdf'), bytes)
    if (existsSync('/usr/bin/pdftoppm')) {
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', join(dir, 'plan.pdf'), join(dir, 'page')])
      expect(readFileSync(join(dir, 'page-1.png')).subarray(1, 4).toString()).toBe('PNG')
    }
  })

  it('contains each goal of a PPCS version with its actions, their owners and due dates (Monsieur X), and not what changed after the version', async () => {
    const version = (await (await post('/api/situations/monsieur-x/versions', { label: 'Concertation DAC' })).json()) as { id: string }
    const read = (await (await get(`/api/situations/monsieur-x/versions/${version.id}`, coordinator)).json()) as { parts: { plan: string } }
    const plan = new Y.Doc()
    Y.applyUpdate(plan, new Uint8Array(Buffer.from(read.parts.plan, 'base64')))
    const goals = readGoals(plan).filter((goal) => goal.deletedAt === null)
    const actions = readActions(plan).filter((action) => action.deletedAt === null)
    expect(goals.length).toBeGreaterThanOrEqual(2)
    expect(actions.length).toBeGreaterThanOrEqual(3)
    const members = (await (await get('/api/situations/monsieur-x/members', coordinator)).json()) as { id: string; name: string }[]
    const ownerName = (owner: string | null) => members.find((member) => member.id === owner)?.name ?? owner

    // Changed after the version: the PDF is the version's, not the live plan's.
    const changed = actions[0]!
    await editAs(concerto, keyOf('monsieur-x/plan'), 'user-coordination', (doc) => {
      updateRow(findRow(planRoots(doc).actions, changed.id)!, { dueDate: '2031-07-14' }, { userId: 'user-coordination' })
    })
    const [live] = await concerto.rooms.encodeStates(['monsieur-x/plan'])
    const livePlan = new Y.Doc()
    Y.applyUpdate(livePlan, live!)
    expect(readActions(livePlan).find((a) => a.id === changed.id)!.dueDate).toBe('2031-07-14')

    const response = await get(`/api/situations/monsieur-x/versions/${version.id}/pdf`, coordinator)
    expect(response.status).toBe(200)
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()))
    expect(text).toContain('Concertation DAC')
    for (const goal of goals) expect(text).toContain(goal.title)
    for (const action of actions) {
      // Each action's owner and due date follow its title, before the next action starts.
      const at = text.indexOf(action.title)
      expect(at, action.title).toBeGreaterThanOrEqual(0)
      const next = Math.min(...actions.map((other) => text.indexOf(other.title, at + action.title.length)).filter((index) => index > at), text.length)
      const row = text.slice(at, next)
      expect(row, action.title).toContain(ownerName(action.owner)!)
      expect(row, action.title).toContain(frenchDay(action.dueDate))
    }
    expect(text).not.toContain(frenchDay('2031-07-14'))
    plan.destroy()
  })

  it('is refused to non-members with 404 and needs a session', async () => {
    const version = (await (await post('/api/situations/madame-b/versions', { label: 'MSP' })).json()) as { id: string }
    expect((await get(`/api/situations/madame-b/versions/${version.id}/pdf`)).status).toBe(401)
    const yanis = await loginCookie(concerto.app, 'yanis@demo.test')
    expect((await get(`/api/situations/madame-b/versions/${version.id}/pdf`, yanis)).status).toBe(404)
  })
})
