import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, eventually, login, sleep, type TestClient } from '../../test/helpers/clients.ts'
import { readGoals } from '../../shared/schema/plan.ts'
import { keyOf } from '../../test/helpers/document-key.ts'

const servers: TestServer[] = []
const clients: TestClient[] = []
const start = async (options?: Parameters<typeof startTestServer>[0]) => {
  const server = await startTestServer(options)
  servers.push(server)
  return server
}
const connect = (...args: Parameters<typeof connectClient>) => {
  const client = connectClient(...args)
  clients.push(client)
  return client
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  for (const server of servers.splice(0)) await server.dispose()
})

const logCount = (server: TestServer, doc: string) =>
  server.concerto.store.load(keyOf(doc)).then((stored) => stored.updates.length)

describe('sync over the stock y-websocket client', () => {
  it('two clients converge on concurrent edits', async () => {
    const server = await start()
    const cookieA = await login(server.url, 'medecin@demo.test')
    const cookieB = await login(server.url, 'infirmier@demo.test')
    const a = connect(server.wsUrl, 'monsieur-x/plan', cookieA)
    const b = connect(server.wsUrl, 'monsieur-x/plan', cookieB)
    await Promise.all([a.synced, b.synced])

    // Concurrent: both edit before either hears the other.
    a.doc.getText('scratch').insert(0, 'Alpha ')
    b.doc.getText('scratch').insert(0, 'Beta ')
    a.doc.getMap('meta').set('fromA', 1)
    b.doc.getMap('meta').set('fromB', 2)

    await eventually(() => {
      expect(a.doc.getText('scratch').toString()).toBe(b.doc.getText('scratch').toString())
      expect(a.doc.getText('scratch').toString()).toContain('Alpha')
      expect(a.doc.getText('scratch').toString()).toContain('Beta')
      expect(b.doc.getMap('meta').get('fromA')).toBe(1)
      expect(a.doc.getMap('meta').get('fromB')).toBe(2)
    })
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc))
  })

  it('a late joiner gets the full state', async () => {
    const server = await start()
    const cookie = await login(server.url, 'medecin@demo.test')
    const first = connect(server.wsUrl, 'monsieur-x/plan', cookie)
    await first.synced
    first.doc.getText('scratch').insert(0, 'écrit avant')
    // Applied on the server means committed first.
    await eventually(() => expect(server.concerto.rooms.get('monsieur-x/plan')?.doc.getText('scratch').toString()).toBe('écrit avant'))

    const late = connect(server.wsUrl, 'monsieur-x/plan', await login(server.url, 'infirmier@demo.test'))
    await late.synced
    expect(late.doc.getText('scratch').toString()).toBe('écrit avant')
    expect(readGoals(late.doc).map((goal) => goal.title)).toContain('Rester à domicile avec son épouse en sécurité')
  })

  it('a restart on the same data directory keeps everything', async () => {
    const server = await start()
    const cookie = await login(server.url, 'medecin@demo.test')
    const writer = connect(server.wsUrl, 'monsieur-x/plan', cookie)
    await writer.synced
    for (let i = 0; i < 20; i++) writer.doc.getArray<number>('numbers').push([i])
    const expected = writer.doc.getArray<number>('numbers').toArray()
    const second = connect(server.wsUrl, 'monsieur-x/plan', cookie)
    await second.synced
    await eventually(() => expect(second.doc.getArray('numbers').toArray()).toEqual(expected))
    writer.destroy()
    second.destroy()
    await server.stop()

    const again = await start({ dataDir: server.dataDir })
    const reader = connect(again.wsUrl, 'monsieur-x/plan', await login(again.url, 'medecin@demo.test'))
    await reader.synced
    expect(reader.doc.getArray('numbers').toArray()).toEqual(expected)
    expect(readGoals(reader.doc).length).toBeGreaterThanOrEqual(2)
  })

  it('a client connecting while the document loads never sees it empty', async () => {
    const server = await start({ env: { COMPACT_AFTER: '100000' } })
    const cookie = await login(server.url, 'medecin@demo.test')
    const writer = connect(server.wsUrl, 'madame-b/plan', cookie)
    await writer.synced
    // A long log makes the cold load take a while.
    for (let i = 0; i < 3000; i++) writer.doc.getText('long').insert(i, 'x')
    await eventually(async () => expect(await logCount(server, 'madame-b/plan')).toBeGreaterThanOrEqual(3000), { timeoutMs: 20_000 })
    writer.destroy()
    await eventually(() => expect(server.concerto.rooms.loadedNames()).not.toContain('madame-b/plan'))

    // Several clients arrive at once on the cold document; each must see
    // the content at the moment it reports synced, never an empty document.
    const seenAtSync = await Promise.all(
      Array.from({ length: 4 }, () => {
        const client = connect(server.wsUrl, 'madame-b/plan', cookie)
        return client.synced.then(() => ({ length: client.doc.getText('long').length, goals: readGoals(client.doc).length }))
      }),
    )
    for (const seen of seenAtSync) {
      expect(seen.length).toBe(3000)
      expect(seen.goals).toBeGreaterThanOrEqual(2)
    }
  })

  it('compaction keeps the state identical and shortens the log', async () => {
    // Every 25 rows whatever they weigh (the former rule): the rows left after the older snapshot are at most one interval.
    const server = await start({ env: { COMPACT_AFTER: '25', COMPACT_LOG_RATIO: '0' } })
    const cookie = await login(server.url, 'medecin@demo.test')
    const writer = connect(server.wsUrl, 'monsieur-x/plan', cookie)
    await writer.synced
    for (let i = 0; i < 120; i++) writer.doc.getText('compacted').insert(0, String(i % 10))
    const expected = writer.doc.getText('compacted').toString()
    await eventually(() => expect(server.concerto.rooms.get('monsieur-x/plan')?.doc.getText('compacted').toString()).toBe(expected))
    writer.destroy()
    await eventually(() => expect(server.concerto.rooms.loadedNames()).not.toContain('monsieur-x/plan'))

    const stored = await server.concerto.store.load(keyOf('monsieur-x/plan'))
    expect(stored.snapshots.length).toBeGreaterThan(0)
    // 120 edits went in; after compaction the log only keeps what the older kept snapshot does not cover.
    expect(stored.updates.length).toBeLessThan(60)

    const reader = connect(server.wsUrl, 'monsieur-x/plan', cookie)
    await reader.synced
    expect(reader.doc.getText('compacted').toString()).toBe(expected)
    const server2State = server.concerto.rooms.get('monsieur-x/plan')!.doc
    expect(Y.encodeStateVector(server2State)).toEqual(Y.encodeStateVector(reader.doc))
  })

  it('an emptied room is unloaded after a final flush and reloads intact', async () => {
    const server = await start()
    const cookie = await login(server.url, 'infirmier@demo.test')
    const client = connect(server.wsUrl, 'madame-b/plan', cookie)
    await client.synced
    client.doc.getMap('meta').set('touched', true)
    await eventually(() => expect(server.concerto.rooms.get('madame-b/plan')?.doc.getMap('meta').get('touched')).toBe(true))
    client.destroy()
    await eventually(() => expect(server.concerto.rooms.loadedNames()).toEqual([]))

    const again = connect(server.wsUrl, 'madame-b/plan', cookie)
    await again.synced
    expect(again.doc.getMap('meta').get('touched')).toBe(true)
  })

  it('awareness is relayed to every connection, the sender included', async () => {
    const server = await start()
    const a = connect(server.wsUrl, 'monsieur-x/plan', await login(server.url, 'medecin@demo.test'))
    const b = connect(server.wsUrl, 'monsieur-x/plan', await login(server.url, 'infirmier@demo.test'))
    await Promise.all([a.synced, b.synced])
    let echoes = 0
    a.provider.ws!.addEventListener('message', () => echoes++)
    a.provider.awareness.setLocalStateField('user', { id: 'user-medecin', name: 'Dr Paul Lefèvre', role: 'professional', color: '#1d4ed8' })
    await eventually(() => {
      const states = [...b.provider.awareness.getStates().values()]
      expect(states.some((state) => (state.user as { id?: string } | undefined)?.id === 'user-medecin')).toBe(true)
    })
    await eventually(() => expect(echoes).toBeGreaterThan(0))
    await sleep(10)
  })
})

describe('lifecycle races', () => {
  it('serialises an unload racing a reload: quick leave-and-rejoin cycles lose nothing', async () => {
    const server = await start({ env: { UNLOAD_DELAY_MS: '0' } })
    const cookie = await login(server.url, 'medecin@demo.test')
    const expected: number[] = []
    for (let cycle = 0; cycle < 15; cycle++) {
      const client = connect(server.wsUrl, 'madame-b/plan', cookie)
      await client.synced
      expect(client.doc.getArray<number>('cycles').toArray()).toEqual(expected)
      client.doc.getArray<number>('cycles').push([cycle])
      expected.push(cycle)
      await eventually(() => expect(server.concerto.rooms.get('madame-b/plan')?.doc.getArray('cycles').length).toBe(expected.length))
      client.destroy() // the next cycle joins while this unload runs
    }
    const last = connect(server.wsUrl, 'madame-b/plan', cookie)
    await last.synced
    expect(last.doc.getArray<number>('cycles').toArray()).toEqual(expected)
  })
})
