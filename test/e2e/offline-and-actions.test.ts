import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { caretToEnd, DEMO_PASSWORD, launchBrowser, login, newContext, openSituation, screenshot, waitInPage } from './browser.ts'
import { sql } from 'kysely'
import { withServerRows } from '../helpers/test-store.ts'

const SCREENSHOTS = 'docs/screenshots'

/** Names of this browser's offline copies (IndexedDB databases). */
const localCopies = (page: import('playwright-core').Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? '').filter((name) => name.startsWith('concerto:')))

describe('offline edits and "Mes actions"', () => {
  let server: SpawnedServer
  let browser: Browser
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    mkdirSync(SCREENSHOTS, { recursive: true })
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    server?.dispose()
  })

  /** Removes a user's membership through the API, as the coordinator. */
  const removeMember = async (situationId: string, userId: string) => {
    const session = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'coordination@demo.test', password: DEMO_PASSWORD }) })
    const cookie = session.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ')
    const members = (await (await fetch(`${server.url}/api/situations/${situationId}/members`, { headers: { cookie } })).json()) as { id: string; userId: string | null }[]
    const member = members.find((candidate) => candidate.userId === userId)!
    const removed = await fetch(`${server.url}/api/situations/${situationId}/members/${member.id}`, { method: 'DELETE', headers: { cookie } })
    expect(removed.status).toBeLessThan(300)
  }

  const context = async () => {
    const created = await newContext(browser)
    contexts.push(created)
    return created
  }

  it('lists exactly the nurse\'s actions by due date, marks the overdue one, and opens its row in the plan', async () => {
    const page = await (await context()).newPage()
    await login(page, server.url, 'infirmier@demo.test')
    // "Mes situations": my open actions per situation, and the overdue review.
    const madameB = page.locator('.situation-card', { has: page.getByRole('link', { name: /^Madame B/ }) })
    await madameB.getByText('Révision dépassée').waitFor()
    expect(await madameB.locator('[data-open-actions]').getAttribute('data-open-actions')).toBe('1')
    const monsieurX = page.locator('.situation-card', { has: page.getByRole('link', { name: /^Monsieur X/ }) })
    expect(await monsieurX.locator('[data-open-actions]').innerText()).toBe('2 actions ouvertes pour moi')
    expect(await monsieurX.getByText('Révision dépassée').count()).toBe(0)

    await page.getByRole('link', { name: 'Mes actions' }).click()
    await page.getByRole('heading', { level: 1, name: 'Mes actions' }).waitFor()
    const rows = page.locator('[data-testid="my-actions"] > li')
    await rows.first().waitFor()
    expect(await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-action-id')))).toEqual(['monsieur-x-pill', 'madame-b-etp', 'monsieur-x-wifecheck'])
    expect(await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-overdue')))).toEqual(['true', 'false', 'false'])
    expect(await rows.first().innerText()).toMatch(/En retard/)
    await screenshot(page, `${SCREENSHOTS}/my-actions.png`)

    await rows.first().getByRole('link').click()
    await page.waitForURL(/#\/situations\/monsieur-x\?row=monsieur-x-pill$/)
    const target = page.locator('[data-action-id="monsieur-x-pill"][data-target="true"]')
    await target.waitFor()
    expect(await target.isVisible()).toBe(true)
    // Scrolled into view (the scroll may still be settling).
    await waitInPage(page, () => {
      const rect = document.querySelector('[data-action-id="monsieur-x-pill"]')!.getBoundingClientRect()
      return rect.top >= 0 && rect.bottom <= window.innerHeight
    }, null)
    expect(await page.evaluate(() => document.activeElement?.closest('[data-action-id]')?.getAttribute('data-action-id'))).toBe('monsieur-x-pill')
  })

  it('keeps an edit made while the server is down, through closing the tab, and delivers it on the next open', async () => {
    const writerContext = await context()
    const writer = await writerContext.newPage()
    const reader = await (await context()).newPage()
    await login(writer, server.url, 'medecin@demo.test')
    await login(reader, server.url, 'coordination@demo.test')
    await openSituation(writer, 'Monsieur X')
    await openSituation(reader, 'Monsieur X')

    // Cut the connection for real: stop the server (setOffline does not cut WebSockets).
    const { dataDir, port } = server
    await server.stop()
    await writer.locator('[data-connection="offline"]').first().waitFor({ timeout: 20_000 })
    expect(await writer.locator('[data-connection="offline"]').first().innerText()).toContain('Hors ligne — vos modifications sont gardées sur cet appareil')

    const marker = `Écrit hors ligne ${Date.now()}`
    await writer.locator('[data-domain="environment"] .ProseMirror').click()
    await caretToEnd(writer)
    await writer.keyboard.press('Enter')
    await writer.keyboard.type(marker)
    // The edit is in this device's copy before the tab goes.
    await waitInPage(
      writer,
      async (text) => {
        const names = (await indexedDB.databases()).map((database) => database.name ?? '').filter((name) => name.endsWith(':monsieur-x:plan'))
        return names.length === 1 && (document.querySelector('[data-domain="environment"] .ProseMirror')?.textContent?.includes(text) ?? false)
      },
      marker,
    )
    await writer.waitForTimeout(300)
    await writer.close()

    server = await startServer({ dataDir, port })
    // The other reader reconnects by itself; the edit is not there yet.
    await reader.locator('[data-connection="connected"]').first().waitFor({ timeout: 20_000 })
    expect(await reader.locator('[data-domain="environment"] .ProseMirror').textContent()).not.toContain(marker)

    // Reopened: the offline copy merges with the server's state and the edit reaches the other person.
    const reopened = await writerContext.newPage()
    await reopened.goto(`${server.url}/#/situations/monsieur-x`)
    await reopened.locator('[data-connection="connected"]').first().waitFor({ timeout: 20_000 })
    await waitInPage(reader, (text) => document.querySelector('[data-domain="environment"] .ProseMirror')?.textContent?.includes(text) ?? false, marker, 15_000)
    expect((await reader.locator('[data-domain="environment"] .ProseMirror').textContent())!.split(marker).length).toBe(2)
    expect((await reopened.locator('[data-domain="environment"] .ProseMirror').textContent())!.split(marker).length).toBe(2)

    // Logging out leaves no copy of anyone's documents on the device.
    expect((await localCopies(reopened)).length).toBeGreaterThan(0)
    await reopened.getByRole('button', { name: 'Se déconnecter' }).click()
    await reopened.locator('input[type="password"]').waitFor()
    await waitInPage(reopened, async () => (await indexedDB.databases()).every((database) => !database.name?.startsWith('concerto:')), null, 5000)
  }, 90_000)
  it('clears this device\'s copies of a situation, and only of it, when the member is removed while the page is open (4410)', async () => {
    const page = await (await context()).newPage()
    await login(page, server.url, 'social@demo.test')
    await openSituation(page, 'Madame B')
    await page.goto(`${server.url}/#/`)
    await page.getByRole('heading', { level: 1, name: 'Mes situations' }).waitFor()
    const situationId = await openSituation(page, 'Monsieur X')
    const me = (await page.evaluate(async () => (await fetch('/api/me')).json())) as { id: string }
    const ofSituation = (names: string[], id: string) => names.filter((name) => name.split(':')[2] === id)
    await waitInPage(page, async (id) => (await indexedDB.databases()).some((database) => database.name?.split(':')[2] === id), situationId)
    const before = await localCopies(page)
    expect(ofSituation(before, situationId)).toContain(`concerto:${me.id}:${situationId}:plan`)
    expect(ofSituation(before, 'madame-b').length).toBeGreaterThan(0)

    await removeMember(situationId, me.id)
    await page.getByText('Votre accès à cette situation a été retiré.').first().waitFor({ timeout: 10_000 })
    await waitInPage(page, async (id) => (await indexedDB.databases()).every((database) => database.name?.split(':')[2] !== id), situationId, 10_000)
    const after = await localCopies(page)
    expect(ofSituation(after, situationId)).toEqual([])
    // Another situation's copy stays: access to it was not lost.
    expect(ofSituation(after, 'madame-b')).toEqual(ofSituation(before, 'madame-b'))
  }, 60_000)

  it('clears the copies when access was lost while the device was away: the refused upgrade (1006) is explained by a 404 from the API', async () => {
    const browserContext = await context()
    const page = await browserContext.newPage()
    await login(page, server.url, 'observateur@demo.test')
    const situationId = await openSituation(page, 'Monsieur X')
    const me = (await page.evaluate(async () => (await fetch('/api/me')).json())) as { id: string }
    await waitInPage(page, async (id) => (await indexedDB.databases()).some((database) => database.name?.split(':')[2] === id), situationId)

    // The server goes away; while it is down the member is removed (straight in its database), then it comes back.
    const { dataDir, port } = server
    await server.stop()
    await page.locator('[data-connection="offline"], [data-connection="reconnecting"]').first().waitFor({ timeout: 20_000 })
    const removed = await withServerRows(dataDir, (db) =>
      sql`UPDATE members SET removed_at = ${new Date().toISOString()} WHERE situation_id = ${situationId} AND user_id = ${me.id} AND removed_at IS NULL`.execute(db),
    )
    expect(Number(removed.numAffectedRows)).toBe(1)
    server = await startServer({ dataDir, port })

    // The page reconnects by itself, is refused, asks the API why, and drops its copies of that situation.
    await page.getByText("Vous n'avez pas (ou plus) accès à ce document.").first().waitFor({ timeout: 30_000 })
    await waitInPage(page, async (id) => (await indexedDB.databases()).every((database) => database.name?.split(':')[2] !== id), situationId, 10_000)
    expect((await localCopies(page)).filter((name) => name.split(':')[2] === situationId)).toEqual([])
  }, 90_000)
})
