import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type SpawnedServer } from '../test/helpers/server.ts'
import { serverStoreEnv } from '../test/helpers/test-store.ts'
import { readConfig } from './config.ts'
import { demoAtStart } from './demo-gate.ts'

const servers: SpawnedServer[] = []
const dirs: string[] = []
afterAll(async () => {
  for (const server of servers) {
    await server.stop()
    server.dispose()
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
const login = (url: string, email: string, password: string) =>
  fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })

describe('demo only where it belongs', () => {
  it('seeds an empty database only without PUBLIC_ORIGIN or with DEMO=1', () => {
    const empty = { situations: 0, users: 0, demoAccounts: 0 }
    expect(demoAtStart(readConfig({}), empty)).toEqual({ seed: true, warn: false })
    expect(demoAtStart(readConfig({ PUBLIC_ORIGIN: 'https://concerto.example' }), empty)).toEqual({ seed: false, warn: false })
    expect(demoAtStart(readConfig({ PUBLIC_ORIGIN: 'https://concerto.example', DEMO: '1' }), empty)).toEqual({ seed: true, warn: true })
    expect(demoAtStart(readConfig({ DEMO: '0' }), empty)).toEqual({ seed: false, warn: false })
    expect(demoAtStart(readConfig({ PUBLIC_ORIGIN: 'https://concerto.example' }), { situations: 3, users: 12, demoAccounts: 12 })).toEqual({ seed: false, warn: true })
  })

  it('a server with PUBLIC_ORIGIN and no DEMO=1 seeds nothing; create-user makes the first account, which logs in', async () => {
    const server = await startServer({ env: { PUBLIC_ORIGIN: 'https://concerto.example', DEMO: '' } })
    servers.push(server)
    expect((await login(server.url, 'coordination@demo.test', 'concerto-demo')).status).toBe(401)
    expect(server.output.join('')).not.toContain('Comptes de démonstration')

    // Where the server keeps its accounts: its data folder, or its PostgreSQL database (postgres project).
    const storeEnv = await serverStoreEnv(server.dataDir)
    const created = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/create-user.ts', '--email', 'Premiere@MSP.example', '--name', 'Première Coordinatrice', '--password', 'une phrase assez longue'], {
      env: { ...process.env, DATA_DIR: server.dataDir, ...storeEnv },
      encoding: 'utf8',
    })
    expect(created.status).toBe(0)
    expect(created.stdout).toContain('premiere@msp.example')
    expect((await login(server.url, 'premiere@msp.example', 'une phrase assez longue')).status).toBe(200)

    // The same address again: refused, nothing changed.
    const again = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/create-user.ts', '--email', 'premiere@msp.example', '--name', 'Autre'], { env: { ...process.env, DATA_DIR: server.dataDir, ...storeEnv }, encoding: 'utf8' })
    expect(again.status).toBe(1)
    const usage = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/create-user.ts', '--name', 'Sans adresse'], { env: { ...process.env, DATA_DIR: server.dataDir, ...storeEnv }, encoding: 'utf8' })
    expect(usage.status).toBe(2)
  }, 90_000)

  it('warns at start when a public server holds demo accounts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concerto-demo-gate-'))
    dirs.push(dir)
    const trial = await startServer({ dataDir: dir, env: { DEMO: '1' } })
    expect((await login(trial.url, 'coordination@demo.test', 'concerto-demo')).status).toBe(200)
    await trial.stop()
    const exposed = await startServer({ dataDir: dir, env: { PUBLIC_ORIGIN: 'https://concerto.example' } })
    servers.push(exposed)
    await expect.poll(() => exposed.output.join(''), { timeout: 5000 }).toContain('comptes de démonstration')
  }, 120_000)
})
