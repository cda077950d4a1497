import { mkdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { axeViolations, launchBrowser, login, newContext, openSituation, screenshot } from './browser.ts'

/** The territory's observatory (issue 19) in a real browser, over `npm start`'s demo (with its fictional situations in 37). */
describe('Observatoire du territoire', () => {
  let server: SpawnedServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    mkdirSync('docs/screenshots', { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    server?.dispose()
  })

  it('shows a pilot the aggregates with charts, tables, "< 5" cells and a CSV export, and passes axe', async () => {
    const context = await newContext(browser, { width: 1280, height: 900 })
    try {
      const page = await context.newPage()
      await login(page, server.url, 'pilotage@demo.test')
      await page.getByRole('link', { name: 'Observatoire du territoire' }).click()
      await page.getByRole('heading', { level: 1, name: 'Observatoire du territoire' }).waitFor()
      await page.getByRole('heading', { level: 2, name: '37 — Indre-et-Loire' }).waitFor()
      const needs = page.getByRole('table', { name: 'Besoins non couverts (SERAFIN-PH)' })
      const work = needs.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '1.3.3.2' }) })
      expect(Number(await work.locator('td.num').first().textContent())).toBeGreaterThanOrEqual(5)
      expect(await page.locator('td.suppressed').count()).toBeGreaterThan(0)
      await expect.poll(() => page.locator('td.suppressed').first().textContent()).toBe('< 5')
      // Three charts, each an image with a name (the legend's swatches are extra, unnamed svgs).
      expect(await page.locator('.observatory-chart svg[aria-label^="Graphique : "]').count()).toBe(3)

      const violations = await axeViolations(page)
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([])
      expect(await page.locator('h1').count()).toBe(1)

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en CSV' }).click()])
      const csv = readFileSync((await download.path())!, 'utf8')
      expect(csv).toContain('1.3.3.2;Besoins en lien avec le travail et l’emploi;')
      expect(csv).toContain('< 5')
      expect(csv).not.toMatch(/Yanis|Monsieur X|Madame B/)

      // Filters: PAG only, level 3.
      await page.getByLabel('Type de plan', { exact: true }).and(page.locator('select')).selectOption('pag')
      await page.getByLabel('Niveau de réponse', { exact: true }).and(page.locator('select')).selectOption('3')
      await page.getByRole('button', { name: 'Appliquer les filtres' }).click()
      await page.getByRole('heading', { level: 2, name: '37 — Indre-et-Loire' }).waitFor()
      await page.getByRole('table', { name: 'Situations actives par type de plan et niveau de réponse' }).waitFor()

      await page.getByLabel('Type de plan', { exact: true }).and(page.locator('select')).selectOption('')
      await page.getByLabel('Niveau de réponse', { exact: true }).and(page.locator('select')).selectOption('')
      await page.getByRole('button', { name: 'Appliquer les filtres' }).click()
      await page.getByRole('heading', { level: 2, name: '37 — Indre-et-Loire' }).waitFor()
      await page.locator('.observatory-chart svg').first().waitFor()
      if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: 'docs/screenshots/observatory.png', fullPage: true })
      await screenshot(page, 'docs/screenshots/observatory.png')
    } finally {
      await context.close()
    }
  }, 90_000)

  it('gives a coordinator no link and no figures', async () => {
    const context = await newContext(browser)
    try {
      const page = await context.newPage()
      await login(page, server.url, 'coordination@demo.test')
      expect(await page.getByRole('link', { name: 'Observatoire du territoire' }).count()).toBe(0)
      await page.goto(`${server.url}/#/observatoire`)
      await page.getByText('Vous n’avez pas le droit de pilotage sur ce département.').waitFor()
      expect(await page.locator('table').count()).toBe(0)
    } finally {
      await context.close()
    }
  }, 60_000)

  it('codes a need in the assessment with the keyboard, by searching in French', async () => {
    const context = await newContext(browser, { width: 1280, height: 900 })
    try {
      const page = await context.newPage()
      await login(page, server.url, 'coordination@demo.test')
      await openSituation(page, 'Madame B')
      const domain = page.locator('[data-domain="autonomy"]')
      const combo = domain.getByRole('combobox', { name: 'Besoins identifiés (SERAFIN-PH)' })
      await combo.fill('mobilite')
      await combo.press('ArrowDown')
      await combo.press('Enter')
      await domain.locator('.need-chip', { hasText: '1.2.1.3' }).waitFor()
      const unmetCombo = page.locator('.unmet-card').first().getByRole('combobox')
      expect(await unmetCombo.count()).toBeLessThanOrEqual(1)
    } finally {
      await context.close()
    }
  }, 60_000)
})
