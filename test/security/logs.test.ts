import { afterAll, describe, expect, it } from 'vitest'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { connectClient, login } from '../helpers/clients.ts'
import { findSecrets, LOGS_DIR, saveServerLogs } from '../faults/report.ts'

/**
 * Runs a spawned server at debug level through every path that handles a
 * secret (login, failed login, session use, invitation shown and accepted,
 * sync upgrade, logout), then greps everything it printed. Also greps the
 * server logs the fault suites saved in test-results/faults/logs.
 */
let server: SpawnedServer
afterAll(async () => {
  await server?.kill()
  server?.dispose()
})

const json = { 'content-type': 'application/json' }

describe('logs hold no secret', () => {
  it('prints no password, session cookie or token while every secret-bearing path is used', async () => {
    server = await startServer({ env: { LOG_LEVEL: 'debug' } })
    const secrets: string[] = ['concerto-demo']
    const cookie = await login(server.url, 'coordination@demo.test')
    secrets.push(cookie.split('=')[1]!, ...cookie.split('=')[1]!.split('.'))
    await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'coordination@demo.test', password: 'wrong-password-1234' }) })
    await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'nobody@demo.test', password: 'concerto-demo' }) })
    secrets.push('wrong-password-1234')
    await fetch(`${server.url}/api/me`, { headers: { cookie } })
    await fetch(`${server.url}/api/me`, { headers: { cookie: `${cookie}x` } })

    const created = await fetch(`${server.url}/api/situations/yanis/invitations`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ role: 'relative', name: 'Oncle Test' }) })
    expect(created.status).toBe(201)
    const { token } = (await created.json()) as { token: string }
    secrets.push(token, ...token.split('.'))
    await fetch(`${server.url}/api/invitations/${token}`)
    await fetch(`${server.url}/invitation/${token}`)
    const newPassword = 'une-phrase-de-passe-secrete'
    secrets.push(newPassword)
    const accepted = await fetch(`${server.url}/api/invitations/${token}/accept`, { method: 'POST', headers: json, body: JSON.stringify({ password: newPassword, login: 'oncle.test' }) })
    expect(accepted.status).toBe(200)
    const invitedCookie = accepted.headers.get('set-cookie')!.split(';')[0]!
    secrets.push(invitedCookie.split('=')[1]!)
    await fetch(`${server.url}/api/invitations/${token}/accept`, { method: 'POST', headers: json, body: JSON.stringify({ password: newPassword }) })

    const client = connectClient(server.wsUrl, 'yanis/plan', cookie)
    await client.synced
    client.destroy()
    await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie } })
    expect(await server.stop()).toBe(0)
    saveServerLogs('logs-scan', server.output)

    const text = server.output.join('')
    expect(text.length).toBeGreaterThan(1_000)
    expect(findSecrets(text, secrets)).toEqual([])
  }, 60_000)

  it('finds no secret in the server logs the fault suites saved', () => {
    const files = existsSync(LOGS_DIR) ? readdirSync(LOGS_DIR).filter((name) => name.endsWith('.log')) : []
    const found = files.flatMap((name) => findSecrets(readFileSync(join(LOGS_DIR, name), 'utf8')).map((what) => `${name}: ${what}`))
    expect(found).toEqual([])
  })
})
