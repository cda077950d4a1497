import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, type TestClient } from '../../test/helpers/clients.ts'
import { planRoots, readActions } from '../../shared/schema/plan.ts'
import { buildRow, findRow, updateRow } from '../../shared/schema/rows.ts'
import { pdfText } from '../../test/helpers/pdf.ts'

let server: TestServer
const clients: TestClient[] = []
let coordinator: string
const api = (path: string, cookie = coordinator, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', cookie, ...(init.headers ?? {}) } })
const post = (path: string, body: unknown = {}, cookie = coordinator) => api(path, cookie, { method: 'POST', body: JSON.stringify(body) })
const connect = (room: string, cookie: string) => {
  const client = connectClient(server.wsUrl, room, cookie)
  clients.push(client)
  return client
}

beforeAll(async () => {
  server = await startTestServer()
  coordinator = await login(server.url, 'coordination@demo.test')
})
afterAll(async () => {
  for (const client of clients) client.destroy()
  await server.dispose()
})

describe('a GOS from start to end', () => {
  it('yields a version equal to the plan, the attendance of connected members plus manual additions, and minutes of exactly that meeting', async () => {
    const educatorCookie = await login(server.url, 'social@demo.test')
    const educator = connect('yanis/plan', educatorCookie)
    await educator.synced
    // Changed before the meeting: must not appear in the minutes.
    updateRow(findRow(planRoots(educator.doc).actions, 'yanis-stage')!, { frequency: 'Trois semaines' }, { userId: 'user-social' })
    await eventually(() => expect(readActions(server.concerto.rooms.get('yanis/plan')!.doc).find((a) => a.id === 'yanis-stage')!.frequency).toBe('Trois semaines'))

    const created = await post('/api/situations/yanis/meetings', {
      kind: 'gos',
      startsAt: '2026-11-25T14:00:00+01:00',
      title: 'GOS de sortie d’IME',
      place: 'MDPH, salle 2',
      agenda: [{ title: 'Activité en attendant l’ESAT', target: 'goals/yanis-work' }],
      invitees: [{ name: 'Directrice de l’ESAT' }],
    })
    expect(created.status).toBe(201)
    const meeting = (await created.json()) as { id: string; status: string }
    expect(meeting.status).toBe('planned')

    const mother = connect('yanis/person', await login(server.url, 'famille@demo.test'))
    await mother.synced
    expect((await post(`/api/situations/yanis/meetings/${meeting.id}/start`, {}, educatorCookie)).status).toBe(403)
    expect((await post(`/api/situations/yanis/meetings/${meeting.id}/start`)).status).toBe(200)
    // A member who connects during the meeting is present too; awareness plays no part.
    const coordinatorClient = connect('yanis/plan', coordinator)
    await coordinatorClient.synced
    expect((await post(`/api/situations/yanis/meetings/${meeting.id}/attendance`, { name: 'Directrice de l’ESAT', mode: 'phone' })).status).toBe(201)
    const yanisMember = ((await (await api('/api/situations/yanis/members')).json()) as { id: string; role: string }[]).find((m) => m.role === 'person')!
    expect((await post(`/api/situations/yanis/meetings/${meeting.id}/attendance`, { memberId: yanisMember.id, mode: 'room' })).status).toBe(201)

    // During the meeting: a due date changes, an action is added, a decision is logged, a partner declines.
    const doc = educator.doc
    updateRow(findRow(planRoots(doc).actions, 'yanis-housing-request')!, { dueDate: '2027-03-01' }, { userId: 'user-social' })
    doc.transact(() => {
      planRoots(doc).decisions.push([buildRow({ id: 'decision-1', meetingId: meeting.id, text: 'Relancer l’ESAT chaque mois', by: 'Karim Benali', linkedId: 'yanis-work' }, ['text'], { userId: 'user-social' })])
      planRoots(doc).decisions.push([buildRow({ id: 'decision-other', meetingId: 'another-meeting', text: 'Décision d’une autre réunion' }, ['text'], { userId: 'user-social' })])
    })
    expect((await post('/api/situations/yanis/actions/yanis-budget/commitment', { status: 'declined', comment: 'Atelier complet' }, educatorCookie)).status).toBe(201)
    await eventually(() => expect(readActions(server.concerto.rooms.get('yanis/plan')!.doc).find((a) => a.id === 'yanis-housing-request')!.dueDate).toBe('2027-03-01'))
    await eventually(() => expect(planRoots(server.concerto.rooms.get('yanis/plan')!.doc).decisions.length).toBe(2))
    const planAtEnd = Y.encodeStateAsUpdate(server.concerto.rooms.get('yanis/plan')!.doc)

    const ended = await post(`/api/situations/yanis/meetings/${meeting.id}/end`, { reviewDate: '2027-11-25' })
    expect(ended.status).toBe(200)
    const { version } = (await ended.json()) as { version: { id: string; meetingId: string } }
    expect(version.meetingId).toBe(meeting.id)
    const versions = (await (await api('/api/situations/yanis/versions')).json()) as { id: string; meetingId: string | null }[]
    expect(versions[0]).toMatchObject({ id: version.id, meetingId: meeting.id })

    // The version equals the plan at that moment (its JSON, part by part).
    const read = (await (await api(`/api/situations/yanis/versions/${version.id}`)).json()) as { parts: { plan: string } }
    const versionDoc = new Y.Doc()
    Y.applyUpdate(versionDoc, Buffer.from(read.parts.plan, 'base64'))
    const expectedDoc = new Y.Doc()
    Y.applyUpdate(expectedDoc, planAtEnd)
    for (const root of ['goals', 'actions', 'unmet', 'decisions']) {
      expect(versionDoc.getArray(root).toJSON()).toEqual(expectedDoc.getArray(root).toJSON())
    }

    const detail = (await (await api(`/api/situations/yanis/meetings/${meeting.id}`)).json()) as { attendance: { name: string; mode: string; source: string }[] }
    expect(detail.attendance.map((a) => [a.name, a.mode, a.source]).sort()).toEqual(
      [
        ['Claire Martin', 'connected', 'server'],
        ['Directrice de l’ESAT', 'phone', 'manual'],
        ['Karim Benali', 'connected', 'server'],
        ['Nadia Morel', 'connected', 'server'],
        ['Yanis Morel', 'room', 'manual'],
      ].sort(),
    )

    // Minutes, readable by every member once published.
    const minutesResponse = await api(`/api/situations/yanis/meetings/${meeting.id}/minutes`, await login(server.url, 'famille@demo.test'))
    expect(minutesResponse.status).toBe(200)
    expect(minutesResponse.headers.get('content-type')).toContain('text/html')
    const minutes = await minutesResponse.text()
    expect(minutes).toContain('Relancer l’ESAT chaque mois')
    expect(minutes).not.toContain('Décision d’une autre réunion')
    expect(minutes).toContain('Déposer la demande de logement accompagné')
    expect(minutes).toContain('1 mars 2027')
    expect(minutes).not.toContain('Trois semaines') // changed before the start
    expect(minutes).toContain('Refusé')
    expect(minutes).toContain('Atelier complet')
    expect(minutes).toContain('Directrice de l’ESAT')
    expect(minutes).toContain('25 novembre 2027')
    expect(minutes).not.toMatch(/<script/i)

    const pdf = await api(`/api/situations/yanis/meetings/${meeting.id}/minutes.pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()))
    expect(text).toContain('Relancer l’ESAT chaque mois')
    expect(text).toContain('Refusé')

    const situations = (await (await api('/api/situations')).json()) as { id: string; reviewDate: string }[]
    expect(situations.find((s) => s.id === 'yanis')!.reviewDate).toBe('2027-11-25')
    const trail = (await (await api('/api/situations/yanis/audit')).json()) as { action: string }[]
    expect(trail.map((row) => row.action)).toEqual(expect.arrayContaining(['meeting.create', 'meeting.start', 'meeting.attendance', 'meeting.end', 'minutes.publish']))
  })

  it('validates the meeting body, and refuses minutes of a meeting that has not ended', async () => {
    expect((await post('/api/situations/madame-b/meetings', { kind: 'msp' })).status).toBe(400)
    const created = (await (await post('/api/situations/madame-b/meetings', { kind: 'msp', startsAt: '2026-12-01T10:00:00Z' })).json()) as { id: string }
    expect((await api(`/api/situations/madame-b/meetings/${created.id}/minutes`)).status).toBe(404)
    expect((await post(`/api/situations/madame-b/meetings/${created.id}/end`, {})).status).toBe(409)
  })
})
