import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { launchBrowser, login, newContext, openSituation, screenshot } from './browser.ts'

const SCREENSHOTS = 'docs/screenshots'
const DOMAINS = ['health', 'autonomy', 'participation', 'caregivers', 'environment']

/** What each reader finds on the situation page, against the real seeded server. */
describe('the situation page for each reader', () => {
  let server: SpawnedServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    mkdirSync(SCREENSHOTS, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    server?.dispose()
  })

  const withPage = async (run: (page: Page) => Promise<void>) => {
    const context = await newContext(browser)
    try {
      await run(await context.newPage())
    } finally {
      await context.close()
    }
  }

  it('refuses a wrong password with a message, then lists my situations with kind, role, coordinator and review date', async () => {
    await withPage(async (page) => {
      await page.goto(`${server.url}/`)
      await page.locator('input[autocomplete="username"]').fill('medecin@demo.test')
      await page.locator('input[type="password"]').fill('pas le bon')
      await page.locator('input[type="password"]').press('Enter')
      await page.getByRole('alert').filter({ hasText: 'incorrect' }).waitFor()
      await login(page, server.url, 'medecin@demo.test')
      const cards = page.locator('.situation-card')
      const titles = await cards.locator('h2 a').allTextContents()
      expect(titles.some((title) => title.startsWith('Monsieur X'))).toBe(true)
      expect(titles.some((title) => title.startsWith('Madame B'))).toBe(true)
      const text = (await cards.first().textContent()) ?? ''
      expect(text).toMatch(/Professionnel/)
      expect(text).toMatch(/\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}/)
      await screenshot(page, `${SCREENSHOTS}/situations.png`)
    })
  })

  it('shows the person their plan read-only', async () => {
    await withPage(async (page) => {
      await login(page, server.url, 'yanis@demo.test')
      await openSituation(page, 'Yanis')
      const plan = page.locator('[data-part="plan"]')
      expect(await plan.getAttribute('data-readonly')).toBe('true')
      await page.getByText('lecture seule').first().waitFor()
      const editors = plan.locator('.ProseMirror')
      expect(await editors.count()).toBe(5)
      for (const editable of await editors.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('contenteditable')))) expect(editable).toBe('false')
      // Every structured field is disabled and no add / move / remove control is offered.
      const enabledFields = await plan.locator('input:not([disabled]), select:not([disabled]), textarea:not([disabled])').count()
      expect(enabledFields).toBe(0)
      expect(await plan.getByRole('button', { name: /Ajouter|Retirer|Monter|Descendre/ }).count()).toBe(0)
      expect(await plan.locator('.toolbar').count()).toBe(0)
      // The goals and actions are there to read.
      expect(await plan.locator('[data-testid="goal-card"]').count()).toBeGreaterThanOrEqual(2)
      expect(await plan.locator('[data-testid="action-row"]').count()).toBeGreaterThanOrEqual(3)
      // Typing changes nothing, and the connection is not refused for it.
      const before = await editors.first().textContent()
      await editors.first().click()
      await page.keyboard.type('essai')
      await page.waitForTimeout(500)
      expect(await editors.first().textContent()).toBe(before)
      expect(await page.locator('[data-connection="connected"]').count()).toBeGreaterThanOrEqual(1)
      await screenshot(page, `${SCREENSHOTS}/situation-person-read-only.png`)
    })
  })

  it('renders every part of each seeded situation with its data', async () => {
    await withPage(async (page) => {
      await login(page, server.url, 'coordination@demo.test')
      for (const [titleStart, kind] of [
        ['Monsieur X', 'ppcs'],
        ['Yanis', 'pag'],
        ['Madame B', 'pps'],
      ] as const) {
        await page.goto(`${server.url}/#/`)
        await page.getByRole('heading', { level: 1, name: 'Mes situations' }).waitFor()
        const situationId = await openSituation(page, titleStart)
        const detail = await page.evaluate(async (id) => (await fetch(`/api/situations/${id}`)).json(), situationId)
        const plan = page.locator('[data-part="plan"]')

        // 1. Person, coordinator and the circle with each member's mission.
        const header = plan.locator('.circle')
        expect(await header.textContent()).toContain(detail.personName)
        if (detail.coordinator) expect(await header.textContent()).toContain(detail.coordinator.name)
        expect(await header.locator('.member').count()).toBe(detail.members.length)
        for (const member of detail.members) {
          const card = header.locator(`[data-member-id="${member.id}"]`)
          expect(await card.textContent()).toContain(member.name)
          if (member.mission) expect(await card.textContent()).toContain(member.mission)
        }

        // 2. Assessment: five expanded editors with French labels, at least three with text.
        for (const label of ['Santé', 'Autonomie', 'Participation sociale', 'Aidants', 'Environnement']) {
          await plan.getByRole('heading', { level: 3, name: label, exact: true }).waitFor()
        }
        const texts = await Promise.all(DOMAINS.map((domain) => plan.locator(`[data-domain="${domain}"] .ProseMirror`).textContent()))
        expect(texts.filter((text) => (text ?? '').trim().length > 0).length).toBeGreaterThanOrEqual(3)

        // 3. Goals and actions with owner and due date.
        expect(await plan.locator('[data-testid="goal-card"]').count()).toBeGreaterThanOrEqual(2)
        const actions = await plan.locator('[data-testid="action-row"]').evaluateAll((rows) =>
          rows.map((row) => ({
            title: (row.querySelector('input.action-title') as HTMLInputElement).value,
            owner: (row.querySelector('select') as HTMLSelectElement).value,
            due: (row.querySelectorAll('input[type="date"]')[1] as HTMLInputElement | undefined)?.value ?? '',
          })),
        )
        expect(actions.length).toBeGreaterThanOrEqual(3)
        expect(actions.filter((action) => action.title && action.owner && action.due).length).toBeGreaterThanOrEqual(3)

        // Kind-specific labels.
        if (kind === 'pps') {
          await plan.getByRole('heading', { name: 'Volet soins' }).first().waitFor()
          await plan.getByRole('heading', { name: 'Volet aide' }).first().waitFor()
        }
        if (kind === 'pag') {
          await plan.getByText('Engagement du partenaire').first().waitFor()
          await plan.getByText('Réponse cible').first().waitFor()
          await plan.getByText('Réponse alternative immédiate').first().waitFor()
        }
        if (kind === 'ppcs') await plan.getByRole('heading', { name: /Évaluation multidimensionnelle/ }).waitFor()

        // 4. Unmet needs section, and the health panel for the care team.
        await plan.locator('#section-unmet').waitFor()
        await page.locator('[data-part="health"] .ProseMirror').waitFor()
        await page.waitForTimeout(300)
        await screenshot(page, `${SCREENSHOTS}/situation-${kind}.png`)
      }
    })
  })
})
