import { afterAll, describe, expect, it } from 'vitest'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { nanoid } from 'nanoid'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { startTestServer, type TestServer } from '../helpers/in-process.ts'
import { connectClient, eventually, login } from '../helpers/clients.ts'
import { findSecrets, LOGS_DIR, recordFigures, saveServerLogs } from '../faults/report.ts'
import { addGoal } from '../../shared/schema/plan.ts'

/**
 * No password, session token, invitation token or document text in any log
 * line. Two servers (a spawned `node` process and an in-process one, whose
 * lines test/helpers/in-process.ts saves) are driven at debug level through
 * every path that handles a secret or document text; then every log the run
 * saved in test-results/faults/logs is grepped. The last scan always
 * includes this file's own two servers, so it proves something whatever
 * order the suites ran in; logs other suites saved before it widen it.
 */
let spawned: SpawnedServer | undefined
let inProcess: TestServer | undefined
afterAll(async () => {
  await spawned?.kill()
  spawned?.dispose()
  await inProcess?.dispose()
})

const json = { 'content-type': 'application/json' }
/** Written into documents by the scenario below: must never reach a log. */
const DOC_MARKER = `texte-du-plan-${nanoid(10)}`
/** Document text every demo server holds (server/seed/demo.ts): must never reach a log either. */
const SEEDED_TEXT = [
  'Sort de l’IME en juin (amendement Creton depuis 2 ans)',
  'Inscrire Yanis sur la liste d’attente prioritaire de l’ESAT',
  'Rester à domicile avec son épouse en sécurité',
]
/** Values known only at run time (cookies, tokens, passwords chosen here), from both servers. */
const secrets: string[] = ['concerto-demo', DOC_MARKER, ...SEEDED_TEXT]

/** Login (good and bad), session use, invitation shown and accepted, sync with edits (allowed and refused), versions and PDF, logout. */
async function exerciseSecretPaths(url: string, wsUrl: string): Promise<void> {
  const cookie = await login(url, 'coordination@demo.test')
  secrets.push(cookie.split('=')[1]!, ...cookie.split('=')[1]!.split('.'))
  await fetch(`${url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'coordination@demo.test', password: 'wrong-password-1234' }) })
  await fetch(`${url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'nobody@demo.test', password: 'concerto-demo' }) })
  secrets.push('wrong-password-1234')
  const me = (await (await fetch(`${url}/api/me`, { headers: { cookie } })).json()) as { id: string }
  await fetch(`${url}/api/me`, { headers: { cookie: `${cookie}x` } })

  const created = await fetch(`${url}/api/situations/yanis/invitations`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ role: 'relative', name: 'Oncle Test', login: 'oncle.test' }) })
  expect(created.status).toBe(201)
  const { token } = (await created.json()) as { token: string }
  secrets.push(token, ...token.split('.'))
  await fetch(`${url}/api/invitations/${token}`)
  await fetch(`${url}/invitation/${token}`)
  const newPassword = `une-phrase-de-passe-${nanoid(8)}`
  secrets.push(newPassword)
  const accepted = await fetch(`${url}/api/invitations/${token}/accept`, { method: 'POST', headers: json, body: JSON.stringify({ password: newPassword }) })
  expect(accepted.status).toBe(200)
  const invitedCookie = accepted.headers.get('set-cookie')!.split(';')[0]!
  secrets.push(invitedCookie.split('=')[1]!)
  // A used invitation, and a tampered one.
  await fetch(`${url}/api/invitations/${token}/accept`, { method: 'POST', headers: json, body: JSON.stringify({ password: newPassword }) })
  await fetch(`${url}/api/invitations/${token.slice(0, -2)}aa`)

  // Document text through sync: an accepted edit, and a refused one (the person may not write the plan: 4403).
  const writer = connectClient(wsUrl, 'yanis/plan', cookie)
  await writer.synced
  addGoal(writer.doc, { id: nanoid(), title: `${DOC_MARKER} objectif` }, { userId: me.id })
  writer.doc.getText('notes-libres').insert(0, `${DOC_MARKER} note`)
  const person = connectClient(wsUrl, 'yanis/plan', await login(url, 'yanis@demo.test'))
  await person.synced
  person.doc.getText('notes-libres').insert(0, `${DOC_MARKER} refusé`)
  await eventually(() => expect(person.closeCodes).toContain(4403))
  person.destroy()
  // Versions carry document text: create, read, compare, export.
  const version = await fetch(`${url}/api/situations/yanis/versions`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ label: 'scan des journaux' }) })
  expect(version.status).toBe(201)
  const { id: versionId } = (await version.json()) as { id: string }
  await fetch(`${url}/api/situations/yanis/versions/${versionId}`, { headers: { cookie } })
  await fetch(`${url}/api/situations/yanis/versions/${versionId}/compare/${versionId}`, { headers: { cookie } })
  expect((await fetch(`${url}/api/situations/yanis/versions/${versionId}/pdf`, { headers: { cookie } })).status).toBe(200)
  writer.destroy()
  await fetch(`${url}/api/auth/logout`, { method: 'POST', headers: { cookie } })
}

describe('logs hold no secret and no document text', () => {
  it('a spawned server prints no password, session token, invitation token or document text while every such path is used', async () => {
    spawned = await startServer({ env: { LOG_LEVEL: 'debug' } })
    await exerciseSecretPaths(spawned.url, spawned.wsUrl)
    expect(await spawned.stop()).toBe(0)
    saveServerLogs('logs-scan', spawned.output)
    const text = spawned.output.join('')
    // The scenario was logged at all (a silent server would pass trivially).
    expect(text).toContain('"msg":"request"')
    expect(findSecrets(text, secrets)).toEqual([])
  }, 90_000)

  it('an in-process test server saves its log lines for the scan, and they hold no secret or document text', async () => {
    inProcess = await startTestServer()
    await exerciseSecretPaths(inProcess.url, inProcess.wsUrl)
    await inProcess.stop()
    const file = join(LOGS_DIR, 'in-process--test_security_logs.test.ts.log')
    expect(existsSync(file)).toBe(true)
    const saved = readFileSync(file, 'utf8')
    expect(inProcess.logs.length).toBeGreaterThan(10)
    expect(saved).toContain(inProcess.logs.at(-1)!)
    expect(findSecrets(saved, secrets)).toEqual([])
  }, 90_000)

  it('every server log saved by the test run holds no password, session or invitation token, or document text', () => {
    // Guards against the seeded text changing and this check silently testing nothing.
    const seed = readFileSync('server/seed/demo.ts', 'utf8')
    for (const text of SEEDED_TEXT) expect(seed).toContain(text)
    const files = readdirSync(LOGS_DIR).filter((name) => name.endsWith('.log'))
    expect(files).toEqual(expect.arrayContaining(['logs-scan.log', 'in-process--test_security_logs.test.ts.log']))
    const found = files.flatMap((name) => findSecrets(readFileSync(join(LOGS_DIR, name), 'utf8'), secrets).map((what) => `${name}: ${what}`))
    recordFigures('logs-scan', { files: files.length, bytes: files.reduce((sum, name) => sum + statSync(join(LOGS_DIR, name)).size, 0), found })
    expect(found).toEqual([])
  })
})
