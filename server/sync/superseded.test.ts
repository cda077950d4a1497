import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../log.ts'
import { RoomSuperseded, type Extension } from './extension.ts'
import { createRoomRegistry, type RoomRegistry } from './rooms.ts'

/**
 * Cluster mode as the sync layer sees it, without PostgreSQL: a storing
 * extension that says "another node owns this situation" (RoomSuperseded),
 * and an admission check. The two-node tests against a real PostgreSQL are in
 * server/cluster/sync-ownership.test.ts.
 */
const registries: RoomRegistry[] = []
afterEach(async () => {
  for (const rooms of registries.splice(0)) await rooms.shutdown()
})

const fencedStore = () => {
  const fenced = new Set<string>()
  const stored: string[] = []
  const extension: Extension = {
    name: 'fenced-store',
    onStoreServerChange({ documentKey, documentName, reason }) {
      if (fenced.has(documentKey.situationId)) throw new RoomSuperseded(documentKey.situationId)
      stored.push(`${documentName}:${reason}`)
    },
  }
  return { extension, fenced, stored }
}

describe('a situation served by another node', () => {
  it('drops every loaded part of the situation, and only it, when one write is superseded', async () => {
    const store = fencedStore()
    const rooms = createRoomRegistry({ extensions: [store.extension], log: silentLogger(), unloadDelayMs: 60_000 })
    registries.push(rooms)
    await rooms.change('s1/plan', 'first', (doc) => doc.getText('t').insert(0, 'a'))
    await rooms.change('s1/health', 'first', (doc) => doc.getText('t').insert(0, 'b'))
    await rooms.change('s2/plan', 'first', (doc) => doc.getText('t').insert(0, 'c'))
    expect(rooms.loadedNames().sort()).toEqual(['s1/health', 's1/plan', 's2/plan'])

    store.fenced.add('s1')
    await expect(rooms.change('s1/plan', 'second', (doc) => doc.getText('t').insert(0, 'x'))).rejects.toBeInstanceOf(RoomSuperseded)

    expect(store.stored).not.toContain('s1/plan:second')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(rooms.loadedNames()).toEqual(['s2/plan'])
    // Loaded again afresh (from storage), not from the dropped copy.
    store.fenced.delete('s1')
    await rooms.change('s1/plan', 'third', (doc) => expect(doc.getText('t').toString()).toBe(''))
  })

  it('loads no room of a situation it is not admitted to serve', async () => {
    const asked: string[] = []
    const rooms = createRoomRegistry({
      extensions: [],
      log: silentLogger(),
      admit: async (situationId) => {
        asked.push(situationId)
        return situationId !== 'elsewhere'
      },
    })
    registries.push(rooms)
    await expect(rooms.encodeStates(['elsewhere/plan'])).rejects.toBeInstanceOf(RoomSuperseded)
    await expect(rooms.change('elsewhere/person', 'seed', () => {})).rejects.toBeInstanceOf(RoomSuperseded)
    expect(rooms.loadedNames()).toEqual([])
    await rooms.change('here/plan', 'seed', (doc) => doc.getMap('m').set('k', 1))
    expect(rooms.loadedNames()).toEqual(['here/plan'])
    expect(asked).toEqual(['elsewhere', 'elsewhere', 'here'])
  })
})
