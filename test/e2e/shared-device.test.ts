import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { launchBrowser, login, newContext, openSituation } from './browser.ts'

/** Names of this browser's offline copies (IndexedDB databases). */
const localCopies = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? '').filter((name) => name.startsWith('concerto:')))

/** Issue 14: what a shared workstation and a personal device keep of the documents. */
describe('shared and personal devices', () => {
  let server: SpawnedServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  const context = async () => {
    const created = await newContext(browser)
    contexts.push(created)
    return created
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

  it('keeps no IndexedDB database of any document on a device marked shared, during use and after the page is closed', async () => {
    const browserContext = await context()
    const page = await browserContext.newPage()
    await login(page, server.url, 'medecin@demo.test', undefined, { sharedDevice: true })
    await openSituation(page, 'Madame B')
    // The plan and the health part are open and synced: still nothing on the device.
    await page.locator('[data-part="health"] .ProseMirror').first().waitFor().catch(() => {})
    expect(await localCopies(page)).toEqual([])
    const cookies = await browserContext.cookies()
    // The session cookie ends with the browser: no expiry date.
    expect(cookies.find((cookie) => cookie.name === 'concerto_session')?.expires).toBe(-1)
    await page.close()
    const after = await browserContext.newPage()
    await after.goto(`${server.url}/`)
    expect(await localCopies(after)).toEqual([])
  }, 90_000)

  it('keeps the plan but not the health part offline on a personal device, and removes every copy when the session is found expired', async () => {
    const browserContext = await context()
    const page = await browserContext.newPage()
    await login(page, server.url, 'medecin@demo.test')
    const situationId = await openSituation(page, 'Madame B')
    await expect.poll(() => localCopies(page), { timeout: 10_000 }).toContain(`concerto:user-medecin:${situationId}:plan`)
    expect((await localCopies(page)).filter((name) => name.endsWith(':health'))).toEqual([])

    // The session ends on the server (here: every session of the account removed), not by logout.
    const session = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'medecin@demo.test', password: 'concerto-demo' }) })
    const cookie = session.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ')
    expect((await fetch(`${server.url}/api/me/sessions/logout-everywhere`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{"includingThis":true}' })).status).toBe(204)
    // At the next start the 401 is seen and the copies go.
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor()
    await expect.poll(() => localCopies(page), { timeout: 10_000 }).toEqual([])
  }, 90_000)
})
