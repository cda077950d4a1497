import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../helpers/in-process.ts'
import { runStorm } from '../storm.ts'
import { recordFigures } from '../report.ts'

const CONNECTIONS = Number(process.env.STORM_CONNECTIONS ?? 10_000)
const SEED = Number(process.env.FAULT_SEED ?? 20_250_101)

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ env: { LOG_LEVEL: 'warn', UNLOAD_DELAY_MS: '50' } })
})
afterAll(async () => {
  await server.dispose()
})

describe('connection storms (full)', () => {
  it(`leaves nothing behind after ${CONNECTIONS} connects and disconnects`, async () => {
    const result = await runStorm(server, { connections: CONNECTIONS, seed: SEED })
    recordFigures('storm-full', { seed: SEED, ...result })
    expect(result.leakedDocs).toEqual([])
    expect(result.connectionsLeft).toBe(0)
    expect(result.wsClientsLeft).toBe(0)
    expect(result.leakedResources).toEqual({})
    expect(result.listenersAfter).toEqual(result.listenersBefore)
  })
})
