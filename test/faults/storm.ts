import WebSocket from 'ws'
import * as prng from 'lib0/prng'
import type { TestServer } from '../helpers/in-process.ts'
import { connectClient, eventually, login } from '../helpers/clients.ts'

/**
 * Connection storms against an in-process server: thousands of sockets that
 * connect and leave in every way a network allows (clean close, reset,
 * abort during the upgrade, refused upgrade, stock clients, sockets that
 * linger across the unload delay), then checks that nothing is left behind.
 */
export type StormPattern =
  | 'close-at-open'
  | 'terminate-at-open'
  | 'abort-during-upgrade'
  | 'close-after-greeting'
  | 'sync-then-close'
  | 'linger'
  | 'refused-no-session'
  | 'refused-not-found'
  | 'stock-client'

const PATTERNS: readonly [StormPattern, number][] = [
  ['close-at-open', 18],
  ['terminate-at-open', 14],
  ['abort-during-upgrade', 10],
  ['close-after-greeting', 14],
  ['sync-then-close', 12],
  ['linger', 18],
  ['refused-no-session', 5],
  ['refused-not-found', 5],
  ['stock-client', 4],
]

const TARGETS: readonly { as: 'medecin' | 'coordination' | 'yanis'; room: string }[] = [
  { as: 'medecin', room: 'monsieur-x/plan' },
  { as: 'medecin', room: 'monsieur-x/health' },
  { as: 'medecin', room: 'madame-b/plan' },
  { as: 'coordination', room: 'yanis/plan' },
  { as: 'coordination', room: 'madame-b/person' },
  { as: 'yanis', room: 'yanis/person' },
  { as: 'yanis', room: 'yanis/plan' },
]

export interface StormResult {
  connections: number
  byPattern: Partial<Record<StormPattern, number>>
  peakLoadedDocs: number
  peakConnections: number
  /** Right after the storm settled (unload delay passed). */
  leakedDocs: string[]
  connectionsLeft: number
  wsClientsLeft: number
  resourcesBefore: Record<string, number>
  resourcesAfter: Record<string, number>
  /** Resource types whose count stayed above the baseline. */
  leakedResources: Record<string, number>
  listenersBefore: Record<string, number>
  listenersAfter: Record<string, number>
  durationMs: number
}

export const countResources = (): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1
  return counts
}

const listenerCounts = (server: TestServer): Record<string, number> => {
  const counts: Record<string, number> = {}
  const emitters = { wss: server.concerto.wss, process } as const
  for (const [name, emitter] of Object.entries(emitters)) {
    for (const event of emitter.eventNames()) counts[`${name}:${String(event)}`] = emitter.listenerCount(event)
  }
  return counts
}

const SYNC_STEP1_EMPTY = Uint8Array.of(0, 0, 1, 0)

function rawSocket(url: string, cookie: string | null, pattern: StormPattern, gen: prng.PRNG): Promise<void> {
  return new Promise<void>((resolve) => {
    const socket = new WebSocket(url, { headers: cookie ? { cookie } : {}, perMessageDeflate: false })
    const done = setTimeout(() => {
      socket.terminate()
      resolve()
    }, 10_000)
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(done)
      resolve()
    })
    socket.on('unexpected-response', (_request, response) => {
      response.resume()
      socket.terminate()
    })
    if (pattern === 'abort-during-upgrade') {
      setTimeout(() => socket.terminate(), prng.uint32(gen, 0, 3))
      return
    }
    socket.on('open', () => {
      if (pattern === 'close-at-open') socket.close()
      else if (pattern === 'terminate-at-open') socket.terminate()
      else if (pattern === 'linger') setTimeout(() => socket.close(), prng.uint32(gen, 0, 150))
      else if (pattern === 'sync-then-close') socket.send(SYNC_STEP1_EMPTY)
    })
    socket.on('message', (data: Buffer) => {
      if (pattern === 'close-after-greeting') socket.close()
      // step 2 is [0, 1, ...]
      else if (pattern === 'sync-then-close' && data[0] === 0 && data[1] === 1) socket.close()
    })
  })
}

export async function runStorm(server: TestServer, { connections, seed, concurrency = 40 }: { connections: number; seed: number; concurrency?: number }): Promise<StormResult> {
  const gen = prng.create(seed)
  const cookies = {
    medecin: await login(server.url, 'medecin@demo.test'),
    coordination: await login(server.url, 'coordination@demo.test'),
    yanis: await login(server.url, 'yanis@demo.test'),
  }
  const { rooms } = server.concerto
  const settle = async () => {
    await eventually(() => {
      if (rooms.connectionCount() !== 0 || rooms.loadedNames().length !== 0 || server.concerto.wss.clients.size !== 0) throw new Error('not settled')
    }, { timeoutMs: 15_000, intervalMs: 25 })
  }
  // Warm up every target once, so lazily created handles (statements, pools) are in the baseline.
  for (const target of TARGETS) await rawSocket(`${server.wsUrl}/sync/${target.room}`, cookies[target.as], 'sync-then-close', gen)
  await settle()
  await new Promise((resolve) => setTimeout(resolve, 5_500))
  const resourcesBefore = countResources()
  const listenersBefore = listenerCounts(server)

  const total = PATTERNS.reduce((sum, [, weight]) => sum + weight, 0)
  const pick = (): StormPattern => {
    let roll = prng.uint32(gen, 0, total - 1)
    for (const [pattern, weight] of PATTERNS) {
      if (roll < weight) return pattern
      roll -= weight
    }
    return 'close-at-open'
  }
  const byPattern: Partial<Record<StormPattern, number>> = {}
  let peakLoadedDocs = 0
  let peakConnections = 0
  const sampler = setInterval(() => {
    peakLoadedDocs = Math.max(peakLoadedDocs, rooms.loadedNames().length)
    peakConnections = Math.max(peakConnections, rooms.connectionCount())
  }, 5)
  const started = Date.now()
  let next = 0
  const worker = async () => {
    while (next < connections) {
      next++
      const pattern = pick()
      byPattern[pattern] = (byPattern[pattern] ?? 0) + 1
      const target = prng.oneOf(gen, TARGETS as { as: 'medecin' | 'coordination' | 'yanis'; room: string }[])
      const url = `${server.wsUrl}/sync/${target.room}`
      if (pattern === 'refused-no-session') await rawSocket(url, null, pattern, gen)
      else if (pattern === 'refused-not-found') await rawSocket(`${server.wsUrl}/sync/no-such-situation/plan`, cookies[target.as], pattern, gen)
      else if (pattern === 'stock-client') {
        const client = connectClient(server.wsUrl, target.room, cookies[target.as])
        await Promise.race([client.synced, new Promise((resolve) => setTimeout(resolve, 10_000))])
        client.destroy()
      } else await rawSocket(url, cookies[target.as], pattern, gen)
    }
  }
  try {
    await Promise.all(Array.from({ length: concurrency }, worker))
  } finally {
    clearInterval(sampler)
  }
  const durationMs = Date.now() - started

  let leakedDocs: string[] = []
  try {
    await settle()
  } catch {
    leakedDocs = rooms.loadedNames()
  }
  const connectionsLeft = rooms.connectionCount()
  const wsClientsLeft = server.concerto.wss.clients.size
  // Timers a close leaves behind (the 5 s terminate guard) must expire, not pile up.
  let leakedResources: Record<string, number> = {}
  let resourcesAfter: Record<string, number> = {}
  try {
    await eventually(() => {
      resourcesAfter = countResources()
      leakedResources = Object.fromEntries(
        Object.entries(resourcesAfter)
          .filter(([type, count]) => count > (resourcesBefore[type] ?? 0))
          .map(([type, count]) => [type, count - (resourcesBefore[type] ?? 0)]),
      )
      if (Object.keys(leakedResources).length > 0) throw new Error(`resources above baseline: ${JSON.stringify(leakedResources)}`)
    }, { timeoutMs: 12_000, intervalMs: 250 })
  } catch {
    // reported in leakedResources
  }
  return {
    connections,
    byPattern,
    peakLoadedDocs,
    peakConnections,
    leakedDocs,
    connectionsLeft,
    wsClientsLeft,
    resourcesBefore,
    resourcesAfter,
    leakedResources,
    listenersBefore,
    listenersAfter: listenerCounts(server),
    durationMs,
  }
}
