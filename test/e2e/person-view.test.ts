import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { DEMO_PASSWORD, launchBrowser, login, newContext, openPersonView, openSituation, phoneContext, caretToEnd, tabTo, waitInPage } from './browser.ts'

/** A session cookie for API calls made by the test itself (no Origin header: a non-browser client). */
async function apiSession(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) })
  expect(response.status).toBe(200)
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ')
}

/** Text of the block (top-level paragraph) of an editor that contains `text`, and its "written by" label if any. */
const blockLabel = (page: Page, editor: string, text: string) =>
  page.evaluate(
    ({ css, needle }) => {
      const blocks = [...document.querySelectorAll(`${css} .ProseMirror > *`)]
      const block = blocks.find((candidate) => candidate.textContent?.includes(needle))
      if (!block) return { found: false, label: null as string | null, by: null as string | null }
      return { found: true, label: block.querySelector('.written-by')?.textContent ?? null, by: block.getAttribute('data-written-by') }
    },
    { css: editor, needle: text },
  )

/** The person's own section: written by Yanis with his mother, his views and agreement, seen by the professionals. */
describe('the person view', () => {
  let server: SpawnedServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  let versionId: string

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    // A validated version for Yanis to agree to.
    const cookie = await apiSession(server.url, 'coordination@demo.test')
    const response = await fetch(`${server.url}/api/situations/yanis/versions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ label: 'PAG validé en GOS' }) })
    expect(response.status).toBe(201)
    versionId = ((await response.json()) as { id: string }).id
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    server?.dispose()
  })

  const open = async (phone = true) => {
    const context = phone ? await phoneContext(browser) : await newContext(browser)
    contexts.push(context)
    return context.newPage()
  }

  it('lets Yanis write his life project, give his view and his agreement with the keyboard only', async () => {
    const page = await open()
    await page.goto(`${server.url}/`)
    // The e-mail field has the focus on arrival.
    await page.locator('input[autocomplete="username"]:focus').waitFor()
    await page.keyboard.type('yanis@demo.test')
    await page.keyboard.press('Tab')
    await page.keyboard.type(DEMO_PASSWORD)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Mes situations' }).waitFor({ timeout: 10_000 })

    // Opening his situation lands on his own view.
    await tabTo(page, 'a[href$="/yanis/moi"]')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Mon espace' }).waitFor({ timeout: 10_000 })
    await page.locator('[data-testid="life-project-summary"] .ProseMirror').waitFor({ timeout: 10_000 })
    await page.locator('[data-connection="connected"]').waitFor({ timeout: 10_000 })

    // 1. A sentence in his life project.
    const sentence = `Je veux aussi apprendre à conduire ${Date.now()}.`
    await tabTo(page, '[data-testid="life-project-summary"] .ProseMirror')
    await caretToEnd(page)
    await page.keyboard.press('Enter')
    await page.keyboard.type(sentence)
    await waitInPage(page, (text) => document.querySelector('[data-testid="life-project-summary"] .ProseMirror')?.textContent?.includes(text) ?? false, sentence)
    // His own words carry no "written by" label.
    expect((await blockLabel(page, '[data-testid="life-project-summary"]', sentence)).label).toBeNull()

    // 2. His view on the first goal: from "agree" to "not sure", with a comment.
    await tabTo(page, '[data-step="views"]', { backwards: true })
    await page.keyboard.press('Enter')
    await page.locator('[data-view-row="yanis-work"]').waitFor({ timeout: 5000 })
    await tabTo(page, '[data-view-row="yanis-work"] input[type="radio"]:checked')
    await page.keyboard.press('ArrowRight')
    expect(await page.locator('[data-view-row="yanis-work"] input[value="unsure"]').isChecked()).toBe(true)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('Les jardins oui, mais pas trop loin.')
    await page.keyboard.press('Tab')

    // 3. His agreement to the validated version.
    await tabTo(page, '[data-step="agreement"]', { backwards: true })
    await page.keyboard.press('Enter')
    await page.locator(`[data-version-id="${versionId}"]`).waitFor({ timeout: 5000 })
    await tabTo(page, '.agreement-picker input[value="agreed"]')
    await page.keyboard.press('Space')
    await tabTo(page, '.agreement-picker button.btn-primary')
    await page.keyboard.press('Enter')
    await page.getByText('Votre réponse est enregistrée.').waitFor({ timeout: 5000 })
    await page.locator('[data-agreement="agreed"]').waitFor({ timeout: 5000 })

    // What he wrote is what the others read.
    const cookie = await apiSession(server.url, 'coordination@demo.test')
    const versions = (await (await fetch(`${server.url}/api/situations/yanis/versions`, { headers: { cookie } })).json()) as { id: string; agreement: { status: string; by: string } | null }[]
    expect(versions.find((version) => version.id === versionId)?.agreement?.status).toBe('agreed')
    const coordinator = await open(false)
    await login(coordinator, server.url, 'coordination@demo.test')
    await openSituation(coordinator, 'Yanis')
    const view = coordinator.locator('[data-goal-id="yanis-work"] [data-view-by="user-yanis"]')
    await view.waitFor()
    expect(await view.getAttribute('data-opinion')).toBe('unsure')
    expect(await view.innerText()).toContain('pas trop loin')
  })

  it("labels his mother's sentence as hers, live, and never his own", async () => {
    const yanis = await open()
    const mother = await open()
    await login(yanis, server.url, 'yanis@demo.test')
    await login(mother, server.url, 'famille@demo.test')
    await openPersonView(yanis, 'Yanis')
    await openPersonView(mother, 'Yanis')
    expect(await mother.getByRole('heading', { level: 1 }).innerText()).toBe('L’espace de Yanis')
    for (const page of [yanis, mother]) {
      for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Suivant' }).click()
      await page.locator('[data-testid="life-relationships-tried"] .ProseMirror').waitFor()
    }
    const editor = '[data-testid="life-relationships-tried"]'
    const hers = `Il a essayé le club de foot adapté ${Date.now()}.`
    await mother.locator(`${editor} .ProseMirror`).click()
    await mother.keyboard.type(hers)
    await waitInPage(yanis, (text) => document.querySelector('[data-testid="life-relationships-tried"] .ProseMirror')?.textContent?.includes(text) ?? false, hers, 10_000)
    const his = `Moi je veux faire du vélo ${Date.now()}.`
    await yanis.locator(`${editor} .ProseMirror`).click()
    await caretToEnd(yanis)
    await yanis.keyboard.press('Enter')
    await yanis.keyboard.type(his)
    await waitInPage(mother, (text) => document.querySelector('[data-testid="life-relationships-tried"] .ProseMirror')?.textContent?.includes(text) ?? false, his, 10_000)

    for (const page of [yanis, mother]) {
      await waitInPage(page, ({ css, needle }) => [...document.querySelectorAll(`${css} .ProseMirror > *`)].some((block) => block.textContent?.includes(needle) && block.querySelector('.written-by')), { css: editor, needle: hers }, 10_000)
      const herBlock = await blockLabel(page, editor, hers)
      expect(herBlock.label).toBe('écrit par sa mère (Nadia Morel)')
      expect(herBlock.by).toBe('user-famille')
      const hisBlock = await blockLabel(page, editor, his)
      expect(hisBlock.found).toBe(true)
      expect(hisBlock.label).toBeNull()
    }
    // The seeded sentence she wrote under "Ce que j'espère" is labelled too.
    expect((await blockLabel(yanis, '[data-testid="life-relationships-hope"]', 'club de foot')).label).toBe('écrit par sa mère (Nadia Morel)')
  })

  it("shows Yanis's view beside the goal to a professional, live", async () => {
    const yanis = await open()
    const educator = await open(false)
    await login(yanis, server.url, 'yanis@demo.test')
    await login(educator, server.url, 'social@demo.test')
    await openPersonView(yanis, 'Yanis')
    await openSituation(educator, 'Yanis')
    const beside = educator.locator('[data-goal-id="yanis-housing"] > [data-testid="row-views"] [data-view-by="user-yanis"]')
    await beside.waitFor()
    expect(await beside.getAttribute('data-opinion')).toBe('unsure')
    // His mother's own view is shown too, as hers.
    expect(await educator.locator('[data-goal-id="yanis-housing"] > [data-testid="row-views"] [data-view-by="user-famille"]').innerText()).toContain('sa mère')

    await yanis.locator('[data-step="views"]').click()
    await yanis.getByRole('button', { name: 'Suivant' }).click()
    const picker = yanis.locator('[data-view-row="yanis-housing"]')
    await picker.waitFor()
    await picker.locator('input[value="agree"]').check()
    await picker.locator('textarea').fill('D’accord si quelqu’un passe le soir.')
    await picker.getByRole('button', { name: 'Enregistrer le commentaire' }).click()

    await waitInPage(
      educator,
      () => {
        const view = document.querySelector('[data-goal-id="yanis-housing"] > [data-testid="row-views"] [data-view-by="user-yanis"]')
        return view?.getAttribute('data-opinion') === 'agree' && (view.textContent?.includes('passe le soir') ?? false)
      },
      null,
      5000,
    )
    expect(await beside.innerText()).toMatch(/Avis de Yanis Morel : d’accord/)
  })
})
