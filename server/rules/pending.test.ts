import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, sleep, type TestClient } from '../../test/helpers/clients.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { addGoal, planRoots, readGoals } from '../../shared/schema/plan.ts'
import { personRoots } from '../../shared/schema/person.ts'
import { findRow, removeRow, updateRow } from '../../shared/schema/rows.ts'

/**
 * A client sends its next edit before the server has applied (committed)
 * the previous one: the rules must judge an update that refers to, or
 * deletes, items accepted and not applied yet as if they were stored.
 */
const servers: TestServer[] = []
const clients: TestClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  for (const server of servers.splice(0)) await server.dispose()
})
const start = async () => {
  const server = await startTestServer()
  servers.push(server)
  return server
}
const connect = async (server: TestServer, room: string, email: string) => {
  const client = connectClient(server.wsUrl, room, await login(server.url, email))
  clients.push(client)
  await client.synced
  return client
}

describe('updates judged before the previous ones are applied', () => {
  it('lets a relative type and erase her own words in a burst of updates', async () => {
    const server = await start()
    const mother = await connect(server, 'yanis/person', 'famille@demo.test')
    const yanis = await connect(server, 'yanis/person', 'yanis@demo.test')
    const fragment = personRoots(mother.doc).expectations
    for (let i = 0; i < 40; i++) {
      const paragraph = new Y.XmlElement('paragraph')
      fragment.push([paragraph])
      const text = new Y.XmlText()
      paragraph.insert(0, [text])
      text.insert(0, `phrase ${i} de sa mère`)
      text.delete(0, 7)
      if (i % 3 === 0) fragment.delete(fragment.length - 1, 1)
    }
    const expected = fragment.toString()
    await eventually(() => expect(personRoots(yanis.doc).expectations.toString()).toBe(expected), { timeoutMs: 10_000 })
    expect(mother.closeCodes).toEqual([])
  }, 30_000)

  it('lets a writer add a goal and change or tombstone it at once, and refuses a hard delete of it', async () => {
    const server = await start()
    const writer = await connect(server, 'madame-b/plan', 'infirmier@demo.test')
    const witness = await connect(server, 'madame-b/plan', 'medecin@demo.test')
    const author = { userId: 'user-infirmier' }
    for (let i = 0; i < 10; i++) {
      addGoal(writer.doc, { id: `burst-${i}`, title: `Objectif ${i}`, dueDate: '2027-03-31' }, author)
      updateRow(findRow(planRoots(writer.doc).goals, `burst-${i}`)!, { status: 'achieved', dueDate: '2027-04-30' }, author)
      if (i % 2 === 0) removeRow(findRow(planRoots(writer.doc).goals, `burst-${i}`)!, author)
    }
    await eventually(() => expect(readGoals(witness.doc).filter((goal) => goal.id.startsWith('burst-')).length).toBe(10), { timeoutMs: 10_000 })
    expect(writer.closeCodes).toEqual([])

    // A new row hard-deleted right after it was sent: refused, whether or not the server applied it yet.
    addGoal(writer.doc, { id: 'burst-gone', title: 'Effacé aussitôt', dueDate: null }, author)
    const goals = planRoots(writer.doc).goals
    goals.delete(goals.length - 1, 1)
    await eventually(() => expect(writer.closeCodes).toContain(CloseCode.forbidden))
    await sleep(150)
    await eventually(async () => {
      const rule = (await server.concerto.audit.forSituation('madame-b')).find((event) => event.action === 'sync.refused')?.detail.rule
      expect(rule).toBe('rows-are-tombstoned')
    })
    expect(readGoals(witness.doc).some((goal) => goal.id === 'burst-gone')).toBe(true)
  }, 30_000)
})
