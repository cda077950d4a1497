import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test/helpers/in-process.ts'
import { connectClient, login, sleep, type TestClient } from '../../test/helpers/clients.ts'

// One real wait past the stock client's hard-coded 30 s silence timeout.
let server: TestServer
let idle: TestClient
let silent: TestClient
beforeAll(async () => {
  server = await startTestServer()
  idle = connectClient(server.wsUrl, 'yanis/plan', await login(server.url, 'coordination@demo.test'))
  silent = connectClient(server.wsUrl, 'yanis/plan', await login(server.url, 'social@demo.test'))
  await Promise.all([idle.synced, silent.synced])
})
afterAll(async () => {
  idle.destroy()
  silent.destroy()
  await server.dispose()
})

describe('keep-alive', () => {
  it(
    'keeps an idle connection open past 35 s, even one with no presence',
    async () => {
      // The stock client starts with an empty state that the server drops;
      // the other one has no state at all.
      silent.provider.awareness.setLocalState(null)
      const socketsBefore = [idle.provider.ws, silent.provider.ws]
      await sleep(36_000)
      expect(idle.closeCodes).toEqual([])
      expect(silent.closeCodes).toEqual([])
      expect([idle.provider.ws, silent.provider.ws]).toEqual(socketsBefore)
      expect(idle.provider.wsconnected && silent.provider.wsconnected).toBe(true)
    },
    60_000,
  )
})
