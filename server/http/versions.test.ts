import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import { partJson, versionPartJson } from '../../test/helpers/doc-json.ts'
import { editAs } from '../domain/edits.ts'
import { assessmentFragment, planRoots } from '../../shared/schema/plan.ts'
import { healthRoots, personRoots } from '../../shared/schema/person.ts'
import { findRow, updateRow } from '../../shared/schema/rows.ts'
import { richTextToPlain, writeRichText } from '../../shared/editor/fragment.ts'
import { paragraphs } from '../../shared/editor/rich-text.ts'
import { keyOf } from '../../test/helpers/document-key.ts'

/**
 * No socket needed: requests go through `app.request()`, and the edits
 * before and after the version through the rooms the live clients use, each
 * as its author (editAs), so the version reads the same live state.
 */
let concerto: Awaited<ReturnType<typeof createTestApp>>
let coordinator: string
const login = (email: string) => loginCookie(concerto.app, email)

const api = (path: string, init: RequestInit = {}, cookie = coordinator) =>
  concerto.app.request(path, { ...init, headers: { 'content-type': 'application/json', cookie, ...(init.headers ?? {}) } })

/** The live state of a document as the server holds it now. */
const live = async (name: string): Promise<Y.Doc> => {
  const [state] = await concerto.rooms.encodeStates([name])
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state!)
  return doc
}

beforeAll(async () => {
  concerto = await createTestApp()
  coordinator = await login('coordination@demo.test')
})
afterAll(async () => {
  await concerto.dispose()
})

describe('named versions', () => {
  it('saves every part at once and reads back each root of the plan, the person part and the health part as they were at that moment', async () => {
    // Before the version: the assessment, a goal, an unmet need, the person's words and the health notes change.
    const author = { userId: 'user-coordination' }
    await editAs(concerto, keyOf('yanis/plan'), 'user-coordination', (doc) => {
      writeRichText(assessmentFragment(doc, 'participation')!, paragraphs('Stage en espaces verts réussi.', 'Attend une place en ESAT.'))
      updateRow(findRow(planRoots(doc).goals, 'yanis-work')!, { dueDate: '2027-06-30' }, author)
      doc.getMap('meta').set('note', 'avant la version')
    })
    await editAs(concerto, keyOf('yanis/person'), 'user-yanis', (doc) => writeRichText(personRoots(doc).expectations, paragraphs('Je veux parler du stage.')))
    await editAs(concerto, keyOf('yanis/health'), 'user-coordination', (doc) => writeRichText(healthRoots(doc).notes, paragraphs('Pas de traitement en cours.')))
    const before = { plan: await live('yanis/plan'), person: await live('yanis/person'), health: await live('yanis/health') }
    expect(richTextToPlain(assessmentFragment(before.plan, 'participation')!)).toContain('Attend une place en ESAT.')
    expect(before.plan.getMap('meta').get('note')).toBe('avant la version')
    expect(richTextToPlain(personRoots(before.person).expectations)).toContain('Je veux parler du stage.')
    expect(richTextToPlain(healthRoots(before.health).notes)).toContain('Pas de traitement en cours.')
    const atVersion = { plan: partJson(before.plan, 'plan'), person: partJson(before.person, 'person'), health: partJson(before.health, 'health') }
    expect(JSON.stringify(atVersion.plan.assessment)).toContain('Attend une place en ESAT.')
    expect(JSON.stringify(atVersion.person.lifeProject)).toContain('Je veux travailler dehors')

    const created = await api('/api/situations/yanis/versions', { method: 'POST', body: JSON.stringify({ label: 'GOS de novembre' }) })
    expect(created.status).toBe(201)
    const version = (await created.json()) as { id: string; label: string; meetingId: string | null; createdBy: string }
    expect(version).toMatchObject({ label: 'GOS de novembre', meetingId: null, createdBy: 'user-coordination' })

    // After the version: every part moves on.
    await editAs(concerto, keyOf('yanis/plan'), 'user-coordination', (doc) => {
      writeRichText(assessmentFragment(doc, 'participation')!, paragraphs('Place en ESAT obtenue.'))
      updateRow(findRow(planRoots(doc).goals, 'yanis-work')!, { dueDate: '2027-09-30' }, author)
      doc.getMap('meta').set('note', 'après la version')
    })
    await editAs(concerto, keyOf('yanis/person'), 'user-yanis', (doc) => writeRichText(personRoots(doc).expectations, paragraphs('Je suis content.')))
    await editAs(concerto, keyOf('yanis/health'), 'user-coordination', (doc) => writeRichText(healthRoots(doc).notes, paragraphs('Bilan annuel fait.')))
    const after = { plan: await live('yanis/plan'), person: await live('yanis/person'), health: await live('yanis/health') }
    expect(after.plan.getMap('meta').get('note')).toBe('après la version')
    expect(richTextToPlain(assessmentFragment(after.plan, 'participation')!)).toContain('Place en ESAT obtenue.')
    expect(richTextToPlain(personRoots(after.person).expectations)).toContain('Je suis content.')
    expect(richTextToPlain(healthRoots(after.health).notes)).toContain('Bilan annuel fait.')
    expect(partJson(after.plan, 'plan')).not.toEqual(atVersion.plan)

    const read = (await (await api(`/api/situations/yanis/versions/${version.id}`)).json()) as { parts: Record<string, string> }
    expect(Object.keys(read.parts).sort()).toEqual(['health', 'person', 'plan'])
    expect(versionPartJson(read.parts.plan!, 'plan')).toEqual(atVersion.plan)
    expect(versionPartJson(read.parts.person!, 'person')).toEqual(atVersion.person)
    expect(versionPartJson(read.parts.health!, 'health')).toEqual(atVersion.health)
  })

  it('lets a meeting\'s convener who is not the coordinator validate the version that ends it', async () => {
    const educator = await login('social@demo.test')
    const members = (await (await api('/api/situations/yanis/members')).json()) as { userId: string | null; role: string }[]
    expect(members.find((m) => m.userId === 'user-social')!.role).toBe('professional')
    const convened = await api('/api/situations/yanis/meetings', { method: 'POST', body: JSON.stringify({ kind: 'synthesis', startsAt: '2026-12-03T10:00:00+01:00' }) }, educator)
    expect(convened.status).toBe(201)
    const meeting = (await convened.json()) as { id: string; convener: string }
    expect(meeting.convener).toBe('user-social')
    expect((await api(`/api/situations/yanis/meetings/${meeting.id}/start`, { method: 'POST', body: '{}' }, educator)).status).toBe(200)
    const ended = await api(`/api/situations/yanis/meetings/${meeting.id}/end`, { method: 'POST', body: '{}' }, educator)
    expect(ended.status).toBe(200)
    const { version } = (await ended.json()) as { version: { id: string; meetingId: string } }
    expect(version.meetingId).toBe(meeting.id)
    const [latest] = (await (await api('/api/situations/yanis/versions')).json()) as { id: string; createdBy: string; meetingId: string | null }[]
    expect(latest).toMatchObject({ id: version.id, createdBy: 'user-social', meetingId: meeting.id })
  })

  it('lets a convener validate a version with the id of a meeting they convene in this situation, and nobody else without the coordinator role', async () => {
    const educator = await login('social@demo.test')
    const post = (situation: string, body: unknown, cookie: string) => api(`/api/situations/${situation}/versions`, { method: 'POST', body: JSON.stringify(body) }, cookie)
    const convene = async (situation: string, cookie: string) => {
      const response = await api(`/api/situations/${situation}/meetings`, { method: 'POST', body: JSON.stringify({ kind: 'synthesis', startsAt: '2027-02-04T10:00:00+01:00' }) }, cookie)
      expect(response.status).toBe(201)
      return ((await response.json()) as { id: string }).id
    }
    const own = await convene('yanis', educator)
    const coordinators = await convene('yanis', coordinator)

    const validated = await post('yanis', { label: 'Validée par la convocante', meetingId: own }, educator)
    expect(validated.status).toBe(201)
    expect(await validated.json()).toMatchObject({ label: 'Validée par la convocante', meetingId: own, createdBy: 'user-social' })
    const [latest] = (await (await api('/api/situations/yanis/versions')).json()) as { id: string; meetingId: string | null }[]
    expect(latest!.meetingId).toBe(own)

    // Without a meeting, with a meeting someone else convened, or with an id that is no meeting here: refused.
    expect((await post('yanis', { label: 'x' }, educator)).status).toBe(403)
    expect((await post('yanis', { label: 'x', meetingId: null }, educator)).status).toBe(403)
    expect((await post('yanis', { label: 'x', meetingId: coordinators }, educator)).status).toBe(403)
    expect((await post('yanis', { label: 'x', meetingId: 'no-such-meeting' }, educator)).status).toBe(403)
    // A meeting convened in another situation gives no right here.
    const situations = (await (await api('/api/situations', {}, educator)).json()) as { id: string; role: string }[]
    const elsewhere = situations.find((s) => s.id !== 'yanis' && s.role === 'professional')!
    expect(elsewhere).toBeDefined()
    const foreign = await convene(elsewhere.id, educator)
    expect((await post('yanis', { label: 'x', meetingId: foreign }, educator)).status).toBe(403)
    // Other members are refused even with the meeting's id.
    expect((await post('yanis', { label: 'x', meetingId: own }, await login('famille@demo.test'))).status).toBe(403)
  })

  it('lists versions newest first with the contract fields', async () => {
    await api('/api/situations/yanis/versions', { method: 'POST', body: JSON.stringify({ label: 'Deuxième' }) })
    const list = (await (await api('/api/situations/yanis/versions')).json()) as Record<string, unknown>[]
    expect(list.map((v) => v.label)[0]).toBe('Deuxième')
    expect(list.map((v) => v.label)).toContain('GOS de novembre')
    const times = list.map((v) => String(v.createdAt))
    expect(times).toEqual([...times].sort().reverse())
    expect(Object.keys(list[0]!).sort()).toEqual(['agreement', 'createdAt', 'createdBy', 'id', 'label', 'meetingId'])
  })

  it('refuses a professional who names no meeting, and hides health from readers without the right', async () => {
    const educator = await login('social@demo.test')
    expect((await api('/api/situations/yanis/versions', { method: 'POST', body: JSON.stringify({ label: 'x' }) }, educator)).status).toBe(403)
    const mother = await login('famille@demo.test')
    const [latest] = (await (await api('/api/situations/yanis/versions', {}, mother)).json()) as { id: string }[]
    const read = (await (await api(`/api/situations/yanis/versions/${latest!.id}`, {}, mother)).json()) as { parts: Record<string, string> }
    expect(Object.keys(read.parts).sort()).toEqual(['person', 'plan'])
    expect((await api('/api/situations/yanis/versions', { method: 'POST', body: JSON.stringify({}) })).status).toBe(400)
  })
})
