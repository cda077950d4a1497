import { afterEach, describe, expect, it } from 'vitest'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { connectClient, eventually, login, type TestClient } from '../helpers/clients.ts'

const servers: SpawnedServer[] = []
const clients: TestClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  for (const server of servers.splice(0)) {
    await server.kill()
    server.dispose()
  }
})

describe('crash durability', () => {
  it('finds after kill -9 every update a second client had received', async () => {
    const first = await startServer()
    servers.push(first)
    const writerCookie = await login(first.url, 'medecin@demo.test')
    const readerCookie = await login(first.url, 'infirmier@demo.test')
    const writer = connectClient(first.wsUrl, 'monsieur-x/plan', writerCookie)
    const reader = connectClient(first.wsUrl, 'monsieur-x/plan', readerCookie)
    clients.push(writer, reader)
    await Promise.all([writer.synced, reader.synced])

    const burst = Array.from({ length: 200 }, (_, i) => `edit-${i}`)
    for (const edit of burst) writer.doc.getArray<string>('burst').push([edit])
    await eventually(() => expect(reader.doc.getArray<string>('burst').length).toBe(burst.length), { timeoutMs: 10_000 })
    // Right after the second client has everything: no grace period, no SIGTERM.
    await first.kill('SIGKILL')
    writer.destroy()
    reader.destroy()

    const second = await startServer({ dataDir: first.dataDir })
    servers.push(second)
    const check = connectClient(second.wsUrl, 'monsieur-x/plan', await login(second.url, 'coordination@demo.test'))
    clients.push(check)
    await check.synced
    expect(check.doc.getArray<string>('burst').toArray()).toEqual(burst)
  })

  it('exits 0 on SIGTERM after closing sockets with 1012', async () => {
    const server = await startServer()
    servers.push(server)
    const client = connectClient(server.wsUrl, 'madame-b/plan', await login(server.url, 'medecin@demo.test'))
    clients.push(client)
    await client.synced
    client.doc.getMap('meta').set('beforeStop', 'yes')
    await new Promise((resolve) => setTimeout(resolve, 100))
    const code = await server.stop()
    expect(code).toBe(0)
    await eventually(() => expect(client.closeCodes).toContain(1012))
    client.provider.disconnect()

    const again = await startServer({ dataDir: server.dataDir })
    servers.push(again)
    const check = connectClient(again.wsUrl, 'madame-b/plan', await login(again.url, 'medecin@demo.test'))
    clients.push(check)
    await check.synced
    expect(check.doc.getMap('meta').get('beforeStop')).toBe('yes')
  })
})
