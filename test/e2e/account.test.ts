import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { launchBrowser, login, newContext } from './browser.ts'

/** Issue 14 in the browser: a revoked invitation's page, and "Mon compte". */
describe('invitation links and the account page', () => {
  let server: SpawnedServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  const page = async (): Promise<Page> => {
    const created = await newContext(browser)
    contexts.push(created)
    return created.newPage()
  }
  const apiLogin = async (email: string) => {
    const response = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'concerto-demo' }) })
    return response.headers.get('set-cookie')!.split(';')[0]!
  }

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    for (const created of contexts) await created.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    server?.dispose()
  })

  it('shows a clear page for a revoked invitation, and the address an open one is for', async () => {
    const cookie = await apiLogin('coordination@demo.test')
    const create = (name: string, login: string) =>
      fetch(`${server.url}/api/situations/yanis/invitations`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ role: 'relative', name, login }) }).then(
        (r) => r.json() as Promise<{ id: string; url: string }>,
      )
    const [kept, revoked] = await Promise.all([create('Cousin', 'cousin.yanis'), create('Voisin', 'voisin.yanis')])
    expect((await fetch(`${server.url}/api/situations/yanis/invitations/${revoked.id}/revoke`, { method: 'POST', headers: { cookie } })).status).toBe(200)

    const p = await page()
    await p.goto(`${server.url}${revoked.url}`)
    await p.getByRole('heading', { level: 1, name: 'Invitation annulée' }).waitFor()
    expect(await p.locator('[data-invitation="revoked"]').innerText()).toContain('a annulé ce lien')
    // And it cannot be accepted behind the page's back.
    const token = revoked.url.split('/invitation/')[1]!
    expect((await fetch(`${server.url}/api/invitations/${token}/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"password":"mot de passe long"}' })).status).toBe(410)

    await p.goto(`${server.url}${kept.url}`)
    await p.getByRole('heading', { level: 1, name: 'Bienvenue' }).waitFor()
    expect(await p.getByTestId('invitation-for').innerText()).toContain('cousin.yanis')
  })

  it('opens "Mon compte" from the header, lists the sessions and logs out everywhere else', async () => {
    const other = await apiLogin('infirmier@demo.test')
    const p = await page()
    await login(p, server.url, 'infirmier@demo.test')
    await p.getByRole('link', { name: 'Mon compte' }).click()
    await p.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor()
    await p.getByRole('heading', { name: 'Sessions actives' }).waitFor()
    expect(await p.getByTestId('sessions').locator('li').count()).toBeGreaterThanOrEqual(2)
    await p.getByRole('button', { name: 'Se déconnecter partout' }).click()
    await p.getByText('Les autres sessions sont fermées.').waitFor()
    // The other session is over; this one goes on.
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie: other } })).status).toBe(401)
    expect((await p.request.get(`${server.url}/api/me`)).status()).toBe(200)
  }, 60_000)
})
