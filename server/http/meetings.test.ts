import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, type TestClient } from '../../test/helpers/clients.ts'
import { addAction, planRoots, readActions } from '../../shared/schema/plan.ts'
import { frenchDay } from '../export/labels-fr.ts'
import { buildRow, findRow, updateRow } from '../../shared/schema/rows.ts'
import { pdfText } from '../../test/helpers/pdf.ts'
import { partJson } from '../../test/helpers/doc-json.ts'

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

/** The text of an HTML fragment: tags dropped, entities decoded, spaces collapsed. */
const plain = (fragment: string): string =>
  fragment
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
/** One section of the minutes: from its heading to the next one. */
const section = (html: string, heading: string): string => {
  const start = html.indexOf(`<h2>${heading}</h2>`)
  if (start < 0) throw new Error(`no section "${heading}" in the minutes`)
  const end = html.indexOf('<h2>', start + 4)
  return html.slice(start, end < 0 ? undefined : end)
}
/** The body rows of a section's table, cell by cell. */
const tableRows = (fragment: string): string[][] =>
  [...fragment.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => plain(cell[1]!))).filter((cells) => cells.length > 0)
const listItems = (fragment: string): string[] => [...fragment.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((item) => plain(item[1]!))

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
    const budgetCommitmentBefore = readActions(educator.doc).find((a) => a.id === 'yanis-budget')!.commitment

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
    const members = (await (await api('/api/situations/yanis/members')).json()) as { id: string; name: string; userId: string | null }[]
    const educatorMemberId = members.find((m) => m.userId === 'user-social')!.id
    const housingDueBefore = readActions(doc).find((a) => a.id === 'yanis-housing-request')!.dueDate
    updateRow(findRow(planRoots(doc).actions, 'yanis-housing-request')!, { dueDate: '2027-03-01' }, { userId: 'user-social' })
    addAction(doc, { id: 'yanis-job-coach', goalId: 'yanis-work', title: 'Trouver un job coach pour le stage', owner: educatorMemberId, dueDate: '2027-01-20' }, { userId: 'user-social' })
    doc.transact(() => {
      planRoots(doc).decisions.push([buildRow({ id: 'decision-1', meetingId: meeting.id, text: 'Relancer l’ESAT chaque mois', by: 'Karim Benali', linkedId: 'yanis-work' }, ['text'], { userId: 'user-social' })])
      planRoots(doc).decisions.push([buildRow({ id: 'decision-other', meetingId: 'another-meeting', text: 'Décision d’une autre réunion' }, ['text'], { userId: 'user-social' })])
    })
    expect((await post('/api/situations/yanis/actions/yanis-budget/commitment', { status: 'declined', comment: 'Atelier complet' }, educatorCookie)).status).toBe(201)
    await eventually(() => expect(readActions(server.concerto.rooms.get('yanis/plan')!.doc).find((a) => a.id === 'yanis-housing-request')!.dueDate).toBe('2027-03-01'))
    await eventually(() => expect(planRoots(server.concerto.rooms.get('yanis/plan')!.doc).decisions.length).toBe(2))
    await eventually(() => expect(readActions(server.concerto.rooms.get('yanis/plan')!.doc).some((a) => a.id === 'yanis-job-coach')).toBe(true))
    await eventually(() => expect(readActions(server.concerto.rooms.get('yanis/plan')!.doc).find((a) => a.id === 'yanis-budget')!.commitment).toBe('declined'))
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
    // Every root, assessment included; ending the meeting wrote only the review date in between.
    const expectedJson = partJson(expectedDoc, 'plan')
    expect(partJson(versionDoc, 'plan')).toEqual({ ...expectedJson, meta: { ...(expectedJson.meta as object), reviewDate: '2027-11-25' } })

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
    expect(minutes).not.toMatch(/<script/i)
    // What changed: exactly the actions changed or added during the meeting, with owner and due date; nothing from before the start.
    const housing = readActions(expectedDoc).find((a) => a.id === 'yanis-housing-request')!
    const budget = readActions(expectedDoc).find((a) => a.id === 'yanis-budget')!
    const ownerOf = (id: string | null) => members.find((m) => m.id === id)!.name
    const changes = tableRows(section(minutes, 'Ce qui a changé dans le plan'))
    expect(changes.map((row) => row[0]).sort()).toEqual(['Action : Apprendre à gérer un budget mensuel', 'Action : Déposer la demande de logement accompagné', 'Action : Trouver un job coach pour le stage'])
    const row = (title: string) => changes.find((cells) => cells[0] === `Action : ${title}`)!
    expect(row('Déposer la demande de logement accompagné').slice(1)).toEqual([`Modifié — échéance : ${frenchDay(housingDueBefore)} → 1 mars 2027`, `${ownerOf(housing.owner)}, 1 mars 2027`])
    expect(row('Trouver un job coach pour le stage').slice(1)).toEqual(['Ajouté', 'Karim Benali, 20 janvier 2027'])
    // Enumerated values are shown with their French labels, never as stored.
    expect(budgetCommitmentBefore).toBe('accepted')
    expect(row('Apprendre à gérer un budget mensuel')[1]).toBe('Modifié — engagement : Accepté → Refusé')
    expect(section(minutes, 'Ce qui a changé dans le plan')).not.toMatch(/\b(accepted|declined)\b/)
    expect(row('Apprendre à gérer un budget mensuel')[2]).toBe(`${ownerOf(budget.owner)}, ${frenchDay(budget.dueDate)}`)
    expect(section(minutes, 'Ce qui a changé dans le plan')).not.toContain('Stage de découverte') // changed before the start
    expect(minutes).not.toContain('Trois semaines')
    // Decisions: exactly this meeting's.
    expect(listItems(section(minutes, 'Décisions'))).toEqual(['Relancer l’ESAT chaque mois — responsable : Karim Benali ; lié à « Travailler dans les espaces verts »'])
    expect(tableRows(section(minutes, 'Engagements des partenaires'))).toContainEqual(['Apprendre à gérer un budget mensuel', 'Karim Benali', 'Refusé — « Atelier complet »'])
    expect(tableRows(section(minutes, 'Participants')).map((row) => row[0]).sort()).toEqual(['Claire Martin', 'Directrice de l’ESAT', 'Karim Benali', 'Nadia Morel', 'Yanis Morel'])
    expect(plain(section(minutes, 'Suite'))).toContain('25 novembre 2027')

    const pdf = await api(`/api/situations/yanis/meetings/${meeting.id}/minutes.pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()))
    expect(text).toContain('Relancer l’ESAT chaque mois')
    expect(text).toContain('Refusé')
    expect(text).not.toMatch(/\b(accepted|declined)\b/) // the PDF describes changes with the same labels

    const situations = (await (await api('/api/situations')).json()) as { id: string; reviewDate: string }[]
    expect(situations.find((s) => s.id === 'yanis')!.reviewDate).toBe('2027-11-25')
    const trail = (await (await api('/api/situations/yanis/audit')).json()) as { action: string; target: string | null; address: string | null }[]
    expect(trail.map((row) => row.action)).toEqual(expect.arrayContaining(['meeting.create', 'meeting.start', 'meeting.attendance', 'meeting.end', 'minutes.publish']))
    // Each event of this meeting names the address the request came from (the test client is on the loopback).
    const events = trail.filter((row) => row.target === meeting.id && row.action !== 'export.minutes')
    expect(events.map((row) => row.action).sort()).toEqual(['meeting.attendance', 'meeting.attendance', 'meeting.create', 'meeting.end', 'meeting.start', 'minutes.publish'])
    for (const row of events) expect(row.address, row.action).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/)
  })

  it('keeps draft minutes from members other than the coordinator and the convener until they are published', async () => {
    const mother = await login(server.url, 'famille@demo.test')
    const educator = await login(server.url, 'social@demo.test')
    const meeting = (await (await post('/api/situations/yanis/meetings', { kind: 'synthesis', startsAt: '2027-01-12T09:30:00+01:00', title: 'Point d’étape' })).json()) as { id: string }
    expect((await post(`/api/situations/yanis/meetings/${meeting.id}/start`)).status).toBe(200)
    const ended = await post(`/api/situations/yanis/meetings/${meeting.id}/end`, { publish: false, notes: 'Brouillon à relire' })
    expect(ended.status).toBe(200)
    expect(((await ended.json()) as { publishedAt: string | null }).publishedAt).toBeNull()
    const minutes = `/api/situations/yanis/meetings/${meeting.id}/minutes`

    // The draft: the coordinator reads and amends it; the mother and a professional who did not convene get nothing.
    expect((await api(minutes)).status).toBe(200)
    for (const cookie of [mother, educator]) {
      expect((await api(minutes, cookie)).status).toBe(404)
      expect((await api(`${minutes}.pdf`, cookie)).status).toBe(404)
    }
    expect((await api(minutes, educator, { method: 'PUT', body: JSON.stringify({ publish: true }) })).status).toBe(403)
    const amended = await api(minutes, coordinator, { method: 'PUT', body: JSON.stringify({ notes: 'Relu par la coordination' }) })
    expect(amended.status).toBe(200)
    expect((await api(minutes, mother)).status).toBe(404)

    // Published: every member reads it, with the amended notes.
    const published = await api(minutes, coordinator, { method: 'PUT', body: JSON.stringify({ publish: true }) })
    expect(((await published.json()) as { publishedAt: string | null }).publishedAt).not.toBeNull()
    for (const cookie of [mother, educator]) {
      const response = await api(minutes, cookie)
      expect(response.status).toBe(200)
      const html = await response.text()
      expect(plain(section(html, 'Notes'))).toBe('Notes Relu par la coordination')
      expect((await api(`${minutes}.pdf`, cookie)).status).toBe(200)
    }
    const trail = (await (await api('/api/situations/yanis/audit')).json()) as { action: string; target: string; address: string | null }[]
    const publications = trail.filter((row) => row.action === 'minutes.publish' && row.target === meeting.id)
    expect(publications).toHaveLength(1)
    expect(publications[0]!.address).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/) // published by amending the minutes
  })

  it('validates the meeting body, and refuses minutes of a meeting that has not ended', async () => {
    expect((await post('/api/situations/madame-b/meetings', { kind: 'msp' })).status).toBe(400)
    const created = (await (await post('/api/situations/madame-b/meetings', { kind: 'msp', startsAt: '2026-12-01T10:00:00Z' })).json()) as { id: string }
    expect((await api(`/api/situations/madame-b/meetings/${created.id}/minutes`)).status).toBe(404)
    expect((await post(`/api/situations/madame-b/meetings/${created.id}/end`, {})).status).toBe(409)
  })
})
