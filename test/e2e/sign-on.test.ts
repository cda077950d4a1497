import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
// @ts-expect-error oidc-provider 8 ships no type declarations (a test-only dependency)
import Provider from 'oidc-provider'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAdaptorServer } from '@hono/node-server'
import { readConfig } from '../../server/config.ts'
import { silentLogger } from '../../server/log.ts'
import { openDatabase } from '../../server/storage/db.ts'
import { createApp, type ConcertoApp } from '../../server/app.ts'
import { seedDemo } from '../../server/seed/demo.ts'
import { launchBrowser, newContext } from './browser.ts'
import { keepIdleConnections } from '../../server/http/keep-alive.ts'
import { handleUpgrades } from '../../server/http/upgrade.ts'

/**
 * Issue 14: single sign-on like Pro Santé Connect, the whole redirect flow in
 * Chromium against a real OpenID provider on loopback (oidc-provider 8, its
 * development login page: any login becomes the subject). A linked
 * professional logs in; an unlinked subject is refused; the link is made
 * only by a logged-in owner ("Lier mon compte") or through an invitation.
 */
/**
 * An HTTP server bound to a port the kernel chose, answering nothing yet: the
 * provider must know Concerto's redirect URI and Concerto the provider's
 * issuer before either handles a request, and a port picked, closed and bound
 * later could be taken meanwhile by another test's server.
 */
const listening = (host?: string) =>
  new Promise<{ server: Server; port: number }>((resolve) => {
    const server = createServer()
    server.listen(0, host, () => resolve({ server, port: (server.address() as AddressInfo).port }))
  })

let concerto: { url: string; concerto: ConcertoApp; dispose(): Promise<void> }
let provider: Server
let browser: Browser
const contexts: BrowserContext[] = []
let issuer: string

beforeAll(async () => {
  // The provider on every interface: Chromium may resolve localhost to ::1.
  const [{ server: appServer, port: appPort }, { server: providerServer, port: providerPort }] = await Promise.all([listening('127.0.0.1'), listening()])
  // Another host name than Concerto's, so the two sites' cookies never meet.
  issuer = `http://localhost:${providerPort}`
  const redirectUri = `http://127.0.0.1:${appPort}/api/auth/oidc/callback`
  const oidc: { callback(): (request: unknown, response: unknown) => void } = new Provider(issuer, {
    clients: [{ client_id: 'concerto', client_secret: 'secret-de-test', redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_post' }],
    pkce: { methods: ['S256'], required: () => true },
    // The RPPS identifier in Pro Santé Connect's claim, derived from the login here.
    claims: { openid: ['sub', 'SubjectNameID'] },
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id, SubjectNameID: `8${id.length}0000${id.length}` }) }),
    cookies: { keys: ['clé-de-test-des-cookies'] },
  })
  providerServer.on('request', oidc.callback())
  provider = providerServer
  const dir = mkdtempSync(join(tmpdir(), 'concerto-sso-'))
  const config = readConfig({ DATA_DIR: dir, UNLOAD_DELAY_MS: '50', OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'concerto', OIDC_CLIENT_SECRET: 'secret-de-test', OIDC_REDIRECT_URI: redirectUri, OIDC_LABEL: 'Pro Santé Connect' })
  const db = openDatabase({ dataDir: dir })
  const app = createApp({ config, db, log: silentLogger() })
  await seedDemo(app)
  // Hono's adaptor takes the already-bound server in place of making one.
  const server = createAdaptorServer({
    fetch: app.app.fetch,
    hostname: '127.0.0.1',
    createServer: ((_options: unknown, listener: Parameters<Server['on']>[1]) => appServer.on('request', listener)) as unknown as typeof createServer,
  })
  // As main.ts does: Playwright's request context reuses idle connections (an ECONNRESET in CI, Dec 2026).
  keepIdleConnections(server as Server)
  handleUpgrades(server as Server, { fetch: app.app.fetch, wss: app.wss })
  concerto = {
    url: `http://127.0.0.1:${appPort}`,
    concerto: app,
    async dispose() {
      await app.rooms.shutdown()
      await new Promise((resolve) => server.close(resolve))
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  browser = await launchBrowser()
}, 60_000)
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {})
  await browser?.close()
  await concerto?.dispose()
  await new Promise((resolve) => provider?.close(resolve))
})

const page = async (): Promise<Page> => {
  const context = await newContext(browser)
  contexts.push(context)
  return context.newPage()
}

/** The provider's development pages: sign in as `login`, then consent. */
async function signInAtProvider(p: Page, login: string): Promise<void> {
  await p.waitForURL((url) => url.host === new URL(issuer).host)
  await p.locator('input[name="login"]').fill(login)
  await p.locator('input[name="password"]').fill('nimporte')
  await p.locator('button[type="submit"]').click()
  const consent = p.getByRole('button', { name: 'Continue' })
  await consent.waitFor({ timeout: 10_000 }).then(() => consent.click()).catch(() => {})
  await p.waitForURL((url) => url.host === new URL(concerto.url).host, { timeout: 15_000 })
}
const me = async (p: Page) => {
  const response = await p.request.get(`${concerto.url}/api/me`)
  return response.status() === 200 ? ((await response.json()) as { id: string }) : null
}

describe('single sign-on (OpenID Connect, code + PKCE)', () => {
  it('says on the providers API that sign-on is configured, with its label', async () => {
    const providers = (await (await fetch(`${concerto.url}/api/auth/providers`)).json()) as { oidc: { label: string } | null }
    expect(providers.oidc).toMatchObject({ label: 'Pro Santé Connect' })
  })

  it('refuses an unlinked subject with a clear answer, whatever e-mail it might carry', async () => {
    const p = await page()
    await p.goto(`${concerto.url}/api/auth/oidc/start`)
    await signInAtProvider(p, 'medecin@demo.test') // the subject looks like a demo e-mail: still not linked
    expect(new URL(p.url()).searchParams.get('sso')).toBe('unlinked')
    expect(await me(p)).toBeNull()
    // The login page says why, in words.
    await p.getByText('Ce compte Pro Santé Connect n’est lié à aucun compte Concerto', { exact: false }).waitFor()
  })

  it('links the identity from a logged-in account ("Lier mon compte"), then logs that professional in by sign-on alone', async () => {
    const owner = await page()
    const login = await owner.request.post(`${concerto.url}/api/auth/login`, { data: { email: 'medecin@demo.test', password: 'concerto-demo', personalDevice: true } })
    expect(login.status()).toBe(200)
    await owner.goto(`${concerto.url}/api/auth/oidc/link`)
    await signInAtProvider(owner, 'psc-dr-lefevre')
    expect(owner.url()).toContain('sso=linked')
    const account = (await (await owner.request.get(`${concerto.url}/api/me/account`)).json()) as { sso: { linked: boolean; rpps: string | null } }
    expect(account.sso).toMatchObject({ linked: true })
    expect(account.sso.rpps).toMatch(/^8/)

    const elsewhere = await page()
    await elsewhere.goto(`${concerto.url}/api/auth/oidc/start`)
    await signInAtProvider(elsewhere, 'psc-dr-lefevre')
    expect(await me(elsewhere)).toMatchObject({ id: 'user-medecin' })
    // Shared device by default: the session cookie ends with the browser.
    const cookie = (await elsewhere.context().cookies()).find((c) => c.name === 'concerto_session')
    expect(cookie?.expires).toBe(-1)
  })

  it('shows "Se connecter avec Pro Santé Connect" on the login page, which logs the linked professional in', async () => {
    const p = await page()
    await p.goto(`${concerto.url}/`)
    await p.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).click()
    await signInAtProvider(p, 'psc-dr-lefevre')
    await p.getByRole('heading', { level: 1, name: 'Mes situations' }).waitFor()
    expect(await me(p)).toMatchObject({ id: 'user-medecin' })
  })

  it('creates and links a new account through an invitation accepted by sign-on', async () => {
    const coordinator = await fetch(`${concerto.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'coordination@demo.test', password: 'concerto-demo' }) })
    const cookie = coordinator.headers.get('set-cookie')!.split(';')[0]!
    const created = await fetch(`${concerto.url}/api/situations/madame-b/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ role: 'professional', name: 'Dr Psc', email: 'dr.psc@chu.test', sector: 'health' }),
    })
    const { token } = (await created.json()) as { token: string }
    const p = await page()
    await p.goto(`${concerto.url}/api/auth/oidc/invitation/${token}`)
    await signInAtProvider(p, 'psc-dr-nouvelle')
    const account = await me(p)
    expect(account).not.toBeNull()
    expect(await concerto.concerto.situations.memberOfUser('madame-b', account!.id)).toBeDefined()
    // The invitation is used: a second sign-on through it is refused.
    const again = await page()
    await again.goto(`${concerto.url}/api/auth/oidc/invitation/${token}`)
    expect(again.url()).toContain(`/invitation/${token}`)
  })
})
