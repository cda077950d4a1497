import { afterAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, type TestClient } from '../../test/helpers/clients.ts'
import { documentName } from '../../shared/schema/roots.ts'
import { planRoots, readGoals } from '../../shared/schema/plan.ts'

/**
 * Issue 13, point 3, end to end: a goal hard-deleted in stored data (from
 * before the document-rules check) comes back on restore for the clients
 * connected (stock y-websocket), and a fresh client after a restart gets it.
 */
const servers: TestServer[] = []
const clients: TestClient[] = []
afterAll(async () => {
  for (const client of clients) client.destroy()
  for (const server of servers) await server.dispose()
})

describe('restore of a hard-deleted goal, seen by clients', () => {
  it('a restore brings back a hard-deleted goal to connected clients and after a restart', async () => {
    const first = await startTestServer()
    servers.push(first)
    const coordinator = await login(first.url, 'coordination@demo.test')
    const version = (await (
      await fetch(`${first.url}/api/situations/madame-b/versions`, { method: 'POST', headers: { cookie: coordinator, 'content-type': 'application/json' }, body: JSON.stringify({ label: 'Référence' }) })
    ).json()) as { id: string }
    const nurse = connectClient(first.wsUrl, 'madame-b/plan', await login(first.url, 'infirmier@demo.test'))
    clients.push(nurse)
    await nurse.synced
    const goal = readGoals(nurse.doc).find((g) => !g.deletedAt)!
    // Damage stored before the rule existed: the goal's map removed from the array.
    await first.concerto.rooms.change(documentName('madame-b', 'plan'), 'test: hard delete', (doc) => {
      const goals = planRoots(doc).goals
      const index = goals.toArray().findIndex((row) => row.get('id') === goal.id)
      goals.delete(index, 1)
    })
    await eventually(() => expect(readGoals(nurse.doc).map((g) => g.id)).not.toContain(goal.id))

    const restored = await fetch(`${first.url}/api/situations/madame-b/versions/${version.id}/restore`, { method: 'POST', headers: { cookie: coordinator, 'content-type': 'application/json' }, body: '{}' })
    expect(restored.status).toBe(201)
    await eventually(() => expect(readGoals(nurse.doc).find((g) => g.id === goal.id && !g.deletedAt)?.title).toBe(goal.title))
    expect(nurse.closeCodes).toEqual([])

    nurse.destroy()
    await first.stop()
    const second = await startTestServer({ dataDir: first.dataDir })
    servers.push(second)
    const fresh = connectClient(second.wsUrl, 'madame-b/plan', await login(second.url, 'medecin@demo.test'))
    clients.push(fresh)
    await fresh.synced
    expect(readGoals(fresh.doc).filter((g) => g.id === goal.id && !g.deletedAt).map((g) => g.title)).toEqual([goal.title])
  })
})
