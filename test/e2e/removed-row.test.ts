import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { launchBrowser, login, newContext, openSituation } from './browser.ts'

/** A removed (tombstoned) action, shown with "Afficher les éléments retirés": nothing of it can be edited until it is restored. */
describe('a removed action in the browser', () => {
  let server: SpawnedServer
  let browser: Browser
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    context = await newContext(browser)
    page = await context.newPage()
    await login(page, server.url, 'coordination@demo.test')
    await openSituation(page, 'Monsieur X')
  })

  afterAll(async () => {
    await context?.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    server?.dispose()
  })

  it('keeps its title read-only like its other fields, and editable again once restored', async () => {
    const title = 'Préparer le pilulier et surveiller la tension'
    const actionId = await page.$$eval(
      '[data-testid="action-row"]',
      (rows, text) => rows.find((row) => row.querySelector<HTMLInputElement>('input.action-title')?.value === text)?.getAttribute('data-action-id') ?? null,
      title,
    )
    expect(actionId).not.toBeNull()
    await page.getByRole('button', { name: `Retirer « ${title} »` }).click()
    await page.getByLabel('Afficher les éléments retirés').check()
    const removed = page.locator(`[data-action-id="${actionId}"]`)
    await expect.poll(() => removed.getAttribute('class')).toContain('removed')
    const titleInput = removed.locator('input.action-title')

    // Its other fields are disabled; the title is too.
    expect(await removed.getByLabel('Statut').isDisabled()).toBe(true)
    expect(await titleInput.isEditable()).toBe(false)
    expect(await titleInput.evaluate((input: HTMLInputElement) => [input.disabled, input.readOnly, input.value])).toEqual([true, true, title])

    // Restored, it is editable again.
    await removed.getByRole('button', { name: 'Rétablir' }).click()
    await expect.poll(() => titleInput.isEditable()).toBe(true)
  })

  it('keeps a removed goal’s title and expected result read-only until it is restored', async () => {
    const goal = page.locator('[data-testid="goal-card"]').first()
    const goalId = await goal.getAttribute('data-goal-id')
    const title = await goal.locator('input.goal-title').inputValue()
    await page.getByRole('button', { name: `Retirer « ${title} »` }).click()
    const removed = page.locator(`[data-goal-id="${goalId}"]`)
    await expect.poll(() => removed.getAttribute('class')).toContain('removed')
    expect(await removed.locator('input.goal-title').isEditable()).toBe(false)
    expect(await removed.getByLabel('Résultat attendu').isEditable()).toBe(false)
    await removed.getByRole('button', { name: 'Rétablir' }).first().click()
    await expect.poll(() => removed.locator('input.goal-title').isEditable()).toBe(true)
  })
})
