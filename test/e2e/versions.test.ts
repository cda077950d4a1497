import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { caretToEnd, axeViolations, launchBrowser, login, newContext, openSituation, screenshot, waitInPage } from './browser.ts'

const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1'
const SCREENSHOTS = 'docs/screenshots'

const LABEL = 'Avant la révision de juin'
const ORIGINAL_TITLE = 'Travailler dans les espaces verts'
const CHANGED_TITLE = `${ORIGINAL_TITLE} et en autonomie`
const RESPITE = 'Répit : un week-end par mois en accueil temporaire.'

/** Value of the first goal's title field. */
const firstGoalTitle = (page: Page): Promise<string> => page.locator('[data-testid="goal-card"] input.goal-title').first().inputValue()

/**
 * The versions panel in the browser: the coordinator validates a version of
 * Yanis's plan, changes the plan, compares the version with now, restores
 * it, and the educator's open plan follows live and keeps syncing.
 */
describe('versions and history of the plan', () => {
  let server: SpawnedServer
  let browser: Browser
  let contexts: BrowserContext[] = []
  let coordinator: Page
  let educator: Page

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    contexts = await Promise.all([newContext(browser), newContext(browser)])
    const pages = await Promise.all(contexts.map((context) => context.newPage()))
    coordinator = pages[0]!
    educator = pages[1]!
    for (const page of [coordinator, educator]) {
      // Fail with Playwright's own message (what was awaited) before the test's timeout.
      page.setDefaultTimeout(15_000)
      page.on('pageerror', (error) => console.error('pageerror', error.message))
    }
    await Promise.all([login(coordinator, server.url, 'coordination@demo.test'), login(educator, server.url, 'social@demo.test')])
    await openSituation(educator, 'Yanis')
    if (UPDATE_SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true })
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    server?.dispose()
  })

  it('lists the versions over time with date, author and agreement, and validates a new one', async () => {
    await openSituation(coordinator, 'Yanis')
    await coordinator.getByRole('link', { name: 'Versions et historique' }).click()
    await coordinator.getByRole('heading', { level: 1, name: 'Versions et historique' }).waitFor()
    const items = coordinator.locator('[data-testid="version-item"]')
    // Yanis's plan has no validated version yet in the demo.
    await coordinator.getByText('Aucune version validée pour le moment.').waitFor()
    const before = await items.count()

    const form = coordinator.locator('form.validate-form')
    await form.getByLabel('Nom de la version').fill(LABEL)
    await form.getByRole('button', { name: /Valider une version/ }).click()
    await coordinator.getByText(`Version « ${LABEL} » validée.`).waitFor()
    await waitInPage(coordinator, (n) => document.querySelectorAll('[data-testid="version-item"]').length === n, before + 1)
    const first = items.first()
    expect(await first.locator('.version-label').textContent()).toContain(LABEL)
    expect(await first.textContent()).toMatch(/Validée le \d{1,2} \S+ \d{4} à \d{2}:\d{2}/)
    expect(await first.textContent()).toContain('par Claire Martin')
    expect(await first.locator('[data-agreement]').getAttribute('data-agreement')).toBe('none')
    expect(await first.getByRole('link', { name: `PDF de la version « ${LABEL} »` }).getAttribute('href')).toMatch(/\/versions\/[^/]+\/pdf$/)
    const pdf = await coordinator.evaluate(async (href) => {
      const response = await fetch(href)
      return { status: response.status, type: response.headers.get('content-type') }
    }, (await first.getByRole('link', { name: `PDF de la version « ${LABEL} »` }).getAttribute('href'))!)
    expect(pdf).toEqual({ status: 200, type: 'application/pdf' })
  })

  it('shows the person’s agreement to the version, given from their own account', async () => {
    const versionId = await coordinator.locator('[data-testid="version-item"]').first().getAttribute('data-version-id')
    const context = await newContext(browser)
    contexts.push(context)
    const yanis = await context.newPage()
    await login(yanis, server.url, 'yanis@demo.test')
    const status = await yanis.evaluate(async (id) => {
      const response = await fetch(`/api/situations/yanis/versions/${id}/agreement`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'agreed', comment: 'Je suis d’accord pour le stage.' }),
      })
      return response.status
    }, versionId)
    expect(status).toBe(201)
    await coordinator.reload()
    const agreement = coordinator.locator('[data-testid="version-item"]').first().locator('[data-agreement]')
    await agreement.waitFor()
    expect(await agreement.getAttribute('data-agreement')).toBe('agreed')
    expect(await agreement.textContent()).toContain('D’accord')
    expect(await agreement.textContent()).toContain('Yanis Morel')
    expect(await agreement.textContent()).toContain('Je suis d’accord pour le stage.')
  })

  it('lists a change made after the version when compared with now', async () => {
    await coordinator.getByRole('link', { name: 'Retour au plan' }).click()
    await coordinator.locator('[data-connection="connected"]').first().waitFor()
    expect(await firstGoalTitle(coordinator)).toBe(ORIGINAL_TITLE)
    const title = coordinator.locator('[data-testid="goal-card"] input.goal-title').first()
    await title.click()
    await title.press('End')
    await coordinator.keyboard.type(' et en autonomie')
    const caregivers = coordinator.locator('[data-domain="caregivers"] .ProseMirror')
    await caregivers.click()
    await caretToEnd(coordinator)
    await coordinator.keyboard.press('Enter')
    await coordinator.keyboard.type(RESPITE)
    // The educator's open plan shows both, live.
    await waitInPage(educator, (text) => document.querySelector<HTMLInputElement>('[data-testid="goal-card"] input.goal-title')?.value === text, CHANGED_TITLE)
    await waitInPage(educator, (text) => document.querySelector('[data-domain="caregivers"] .ProseMirror')?.textContent?.includes(text) ?? false, RESPITE)

    await coordinator.getByRole('link', { name: 'Versions et historique' }).click()
    const item = coordinator.locator('[data-testid="version-item"]', { hasText: LABEL })
    await item.getByRole('button', { name: 'Comparer avec maintenant' }).click()
    const panel = coordinator.locator('[data-testid="compare-panel"]')
    await panel.locator('[data-testid="comparison"]').waitFor()
    const changed = panel.locator('.compare-row[data-change="changed"]', { hasText: CHANGED_TITLE })
    expect(await changed.locator('.compare-row-head').textContent()).toContain('Modifié')
    const field = changed.locator('li[data-field="title"]')
    expect(await field.textContent()).toContain('Intitulé')
    expect(await field.locator('del').textContent()).toBe(ORIGINAL_TITLE)
    expect(await field.locator('ins').textContent()).toBe(CHANGED_TITLE)
    const domain = panel.locator('.compare-domain[data-domain="caregivers"]')
    expect(await domain.locator('h5').textContent()).toBe('Aidants')
    expect(await domain.locator('.line-added').textContent()).toContain(RESPITE)
    expect(await axeViolations(coordinator)).toEqual([])
    if (UPDATE_SCREENSHOTS) await screenshot(coordinator, `${SCREENSHOTS}/versions-compare.png`)
  })

  it('restores the version after a confirmation, and the educator’s open plan follows and keeps syncing', async () => {
    const item = coordinator.locator('[data-testid="version-item"]', { hasText: LABEL })
    await item.getByRole('button', { name: `Restaurer la version « ${LABEL} »` }).click()
    const dialog = coordinator.getByRole('alertdialog')
    expect(await dialog.textContent()).toContain(`Restaurer « ${LABEL} » ?`)
    await dialog.getByRole('button', { name: 'Confirmer la restauration' }).click()
    await coordinator.getByText(`Le plan a été restauré à partir de « ${LABEL} »`).waitFor()
    await waitInPage(coordinator, (label) => document.querySelector('[data-testid="version-item"] .version-label')?.textContent?.includes(label) ?? false, `Restauration de « ${LABEL} »`)

    // The educator never reloaded: the restored content arrives live.
    await waitInPage(educator, (text) => document.querySelector<HTMLInputElement>('[data-testid="goal-card"] input.goal-title')?.value === text, ORIGINAL_TITLE, 10_000)
    await waitInPage(educator, (text) => !(document.querySelector('[data-domain="caregivers"] .ProseMirror')?.textContent?.includes(text) ?? true), RESPITE, 10_000)
    expect(await educator.locator('[data-connection="connected"]').count()).toBeGreaterThanOrEqual(1)

    // Nothing differs any more between the version and now, nor between it and the restore's own version.
    await coordinator.locator('[data-testid="version-item"]', { hasText: LABEL }).filter({ hasNotText: 'Restauration' }).getByRole('button', { name: 'Comparer avec maintenant' }).click()
    await coordinator.locator('[data-testid="compare-panel"][data-to="current"] [data-testid="compare-none"]').waitFor()
    await coordinator.locator('[data-testid="version-item"]').first().getByRole('button', { name: 'Comparer avec la version précédente' }).click()
    await coordinator.locator('[data-testid="compare-panel"]:not([data-to="current"]) [data-testid="compare-none"]').waitFor()

    // And the educator's next edit still reaches everyone.
    const marker = ' (à confirmer)'
    const second = educator.locator('[data-testid="goal-card"] input.goal-title').nth(1)
    const secondTitle = await second.inputValue()
    await second.click()
    await second.press('End')
    await educator.keyboard.type(marker)
    await coordinator.getByRole('link', { name: 'Retour au plan' }).click()
    await waitInPage(coordinator, (text) => document.querySelectorAll<HTMLInputElement>('[data-testid="goal-card"] input.goal-title')[1]?.value === text, `${secondTitle}${marker}`, 10_000)
    expect(await firstGoalTitle(coordinator)).toBe(ORIGINAL_TITLE)
  })

  it('opens a version read-only with the same rendering as the live plan', async () => {
    await coordinator.getByRole('link', { name: 'Versions et historique' }).click()
    const item = coordinator.locator('[data-testid="version-item"]', { hasText: LABEL }).filter({ hasNotText: 'Restauration' })
    await item.getByRole('link', { name: `Consulter la version « ${LABEL} »` }).click()
    await coordinator.waitForURL(/#\/situations\/yanis\/versions\/[A-Za-z0-9_-]+$/)
    const plan = coordinator.locator('[data-part="plan"][data-readonly="true"]')
    await plan.locator('[data-testid="goal-card"]').first().waitFor()
    await coordinator.getByRole('heading', { level: 1, name: LABEL }).waitFor()
    expect(await firstGoalTitle(coordinator)).toBe(ORIGINAL_TITLE)
    // Same sections as the live plan, every field disabled, nothing editable.
    expect(await plan.locator('.ProseMirror').count()).toBe(5)
    for (const editable of await plan.locator('.ProseMirror').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('contenteditable')))) expect(editable).toBe('false')
    expect(await plan.locator('input:not([disabled]), select:not([disabled]), textarea:not([disabled])').count()).toBe(0)
    expect(await plan.getByRole('button', { name: /Ajouter|Retirer|Monter|Descendre/ }).count()).toBe(0)
    expect(await plan.locator('[data-testid="action-row"]').count()).toBeGreaterThanOrEqual(4)
    if (UPDATE_SCREENSHOTS) await screenshot(coordinator, `${SCREENSHOTS}/version-read-only.png`)
  })
})
