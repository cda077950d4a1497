import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/in-process.ts'
import { connectClient, eventually, login } from '../helpers/clients.ts'
import { runStorm } from './storm.ts'
import { recordFigures } from './report.ts'

const CONNECTIONS = Number(process.env.STORM_CONNECTIONS ?? 2_000)
const SEED = Number(process.env.FAULT_SEED ?? 20_250_101)

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ env: { LOG_LEVEL: 'warn', UNLOAD_DELAY_MS: '50' } })
})
afterAll(async () => {
  await server.dispose()
})

describe('connection storms', () => {
  it(`leaves no document, connection, timer or listener behind after ${CONNECTIONS} connects and disconnects`, async () => {
    const result = await runStorm(server, { connections: CONNECTIONS, seed: SEED })
    recordFigures('storm-quick', { seed: SEED, ...result })
    expect(result.leakedDocs).toEqual([])
    expect(result.connectionsLeft).toBe(0)
    expect(result.wsClientsLeft).toBe(0)
    expect(result.leakedResources).toEqual({})
    expect(result.listenersAfter).toEqual(result.listenersBefore)
    expect(result.peakLoadedDocs).toBeGreaterThan(0)

    // And the server still serves.
    const cookie = await login(server.url, 'medecin@demo.test')
    const a = connectClient(server.wsUrl, 'monsieur-x/plan', cookie)
    const b = connectClient(server.wsUrl, 'monsieur-x/plan', cookie)
    await Promise.all([a.synced, b.synced])
    a.doc.getArray<string>('after-storm').push(['still here'])
    await eventually(() => expect(b.doc.getArray<string>('after-storm').toArray()).toEqual(['still here']))
    a.destroy()
    b.destroy()
  }, 120_000)
})
