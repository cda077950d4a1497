import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, type TestClient } from '../../test/helpers/clients.ts'

let server: TestServer
let coordinator: string
let client: TestClient

const api = (path: string, init: RequestInit = {}, cookie = coordinator) =>
  fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', cookie, ...(init.headers ?? {}) } })

beforeAll(async () => {
  server = await startTestServer()
  coordinator = await login(server.url, 'coordination@demo.test')
  client = connectClient(server.wsUrl, 'yanis/plan', coordinator)
  await client.synced
})
afterAll(async () => {
  client.destroy()
  await server.dispose()
})

describe('named versions', () => {
  it('saves every part at once and reads back the plan as it was at that moment', async () => {
    client.doc.getMap('meta').set('note', 'avant la version')
    await eventually(() => expect(server.concerto.rooms.get('yanis/plan')!.doc.getMap('meta').get('note')).toBe('avant la version'))
    const created = await api('/api/situations/yanis/versions', { method: 'POST', body: JSON.stringify({ label: 'GOS de novembre' }) })
    expect(created.status).toBe(201)
    const version = (await created.json()) as { id: string; label: string; meetingId: string | null; createdBy: string }
    expect(version).toMatchObject({ label: 'GOS de novembre', meetingId: null, createdBy: 'user-coordination' })
    const planAtVersion = client.doc.getMap('meta').toJSON()

    client.doc.getMap('meta').set('note', 'après la version')
    await eventually(() => expect(server.concerto.rooms.get('yanis/plan')!.doc.getMap('meta').get('note')).toBe('après la version'))

    const read = (await (await api(`/api/situations/yanis/versions/${version.id}`)).json()) as { parts: Record<string, string> }
    expect(Object.keys(read.parts).sort()).toEqual(['health', 'person', 'plan'])
    const doc = new Y.Doc()
    Y.applyUpdate(doc, new Uint8Array(Buffer.from(read.parts.plan!, 'base64')))
    expect(doc.getMap('meta').toJSON()).toEqual(planAtVersion)
    const person = new Y.Doc()
    Y.applyUpdate(person, new Uint8Array(Buffer.from(read.parts.person!, 'base64')))
    expect(person.getXmlFragment('lifeProject').toString()).toContain('Je veux travailler dehors')
  })

  it('lists versions newest first with the contract fields', async () => {
    await api('/api/situations/yanis/versions', { method: 'POST', body: JSON.stringify({ label: 'Deuxième' }) })
    const list = (await (await api('/api/situations/yanis/versions')).json()) as Record<string, unknown>[]
    expect(list.map((v) => v.label).slice(0, 2)).toEqual(['Deuxième', 'GOS de novembre'])
    expect(Object.keys(list[0]!).sort()).toEqual(['agreement', 'createdAt', 'createdBy', 'id', 'label', 'meetingId'])
  })

  it('lets only the coordinator validate, and hides health from readers without the right', async () => {
    const educator = await login(server.url, 'social@demo.test')
    expect((await api('/api/situations/yanis/versions', { method: 'POST', body: JSON.stringify({ label: 'x' }) }, educator)).status).toBe(403)
    const mother = await login(server.url, 'famille@demo.test')
    const [latest] = (await (await api('/api/situations/yanis/versions', {}, mother)).json()) as { id: string }[]
    const read = (await (await api(`/api/situations/yanis/versions/${latest!.id}`, {}, mother)).json()) as { parts: Record<string, string> }
    expect(Object.keys(read.parts).sort()).toEqual(['person', 'plan'])
    expect((await api('/api/situations/yanis/versions', { method: 'POST', body: JSON.stringify({}) })).status).toBe(400)
  })
})
