import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { DEMO_PASSWORD, launchBrowser, login, newContext, openSituation, waitInPage } from './browser.ts'

async function apiSession(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) })
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ')
}

/** Around the plan: remote-change announcements, the life line, consent, and joining by invitation. */
describe('the situation page panels and invitations', () => {
  let server: SpawnedServer
  let browser: Browser
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    server?.dispose()
  })

  const page = async (): Promise<Page> => {
    const context = await newContext(browser)
    contexts.push(context)
    return context.newPage()
  }

  it('announces a burst of remote changes once, politely, naming who and where', async () => {
    const gp = await page()
    const nurse = await page()
    await login(gp, server.url, 'medecin@demo.test')
    await login(nurse, server.url, 'infirmier@demo.test')
    await openSituation(gp, 'Madame B')
    await openSituation(nurse, 'Madame B')
    const region = nurse.locator('[data-testid="live-region"]')
    expect(await region.getAttribute('aria-live')).toBe('polite')
    await gp.locator('[data-goal-id="madame-b-diabetes"] input.goal-title').click()
    await gp.keyboard.press('End')
    await gp.keyboard.type(' (HbA1c)', { delay: 30 })
    // Nothing is said while typing goes on; one sentence after it stops.
    expect(await region.innerText()).toBe('')
    await waitInPage(nurse, () => (document.querySelector('[data-testid="live-region"]')?.textContent ?? '').length > 0, null, 8000)
    expect(await region.innerText()).toMatch(/^Dr Paul Lefèvre a modifié : objectif « Retrouver un diabète équilibré \(HbA1c\) »\.$/)
  })

  it('shows the life line newest first, with Monsieur X’s three coordinator handovers and the rupture, and lets the coordinator add an event', async () => {
    const coordinator = await page()
    await login(coordinator, server.url, 'coordination@demo.test')
    await openSituation(coordinator, 'Monsieur X')
    const panel = coordinator.locator('[data-testid="timeline"]')
    await panel.getByRole('heading', { name: 'Ligne de vie' }).waitFor()
    await panel.locator('.timeline-event').first().waitFor()
    // The seed's story: his wife took over from the GP (a dated event: she has no account),
    // then the CLIC and the DAC through the app's own handover (from the audit trail).
    const handovers = panel.locator('.timeline-event[data-kind="handover"]')
    const handoverText = await handovers.evaluateAll((items) => items.map((item) => item.textContent ?? ''))
    expect(handoverText).toHaveLength(3)
    expect(handoverText[0]).toMatch(/1 octobre 2025 · Passage de relais.*le DAC \(situation complexe\)/)
    expect(handoverText[1]).toMatch(/5 février 2024 · Passage de relais.*le CLIC du secteur/)
    expect(handoverText[2]).toMatch(/18 juillet 2022 · Passage de relais.*son épouse, avec le médecin traitant/)
    const rupture = panel.locator('.timeline-event[data-kind="rupture"]')
    expect(await rupture.count()).toBe(1)
    expect(await rupture.locator('time').getAttribute('datetime')).toBe('2025-09-08')
    expect(await rupture.innerText()).toContain('Hospitalisation de Mme X, aidante principale')
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      // The sticky app header would cover part of a panel taller than the window.
      await coordinator.evaluate(() => {
        for (const element of document.querySelectorAll<HTMLElement>('body *')) {
          if (['sticky', 'fixed'].includes(getComputedStyle(element).position)) element.style.position = 'static'
        }
      })
      await panel.screenshot({ path: 'docs/screenshots/timeline.png' })
      await coordinator.reload()
      await panel.getByRole('heading', { name: 'Ligne de vie' }).waitFor()
    }
    await panel.getByLabel('Date').fill('2026-02-03')
    await panel.getByLabel('Type d’événement').selectOption('hospitalisation')
    const title = `Chute de Mme X ${Date.now()}`
    await panel.getByLabel('Événement', { exact: true }).fill(title)
    await panel.getByRole('button', { name: 'Ajouter à la ligne de vie' }).click()
    const added = panel.locator('.timeline-event', { hasText: title })
    await added.waitFor()
    expect(await added.getAttribute('data-kind')).toBe('hospitalisation')
    expect(await added.innerText()).toContain('3 février 2026')
    // A professional reads it too, without the form.
    const gp = await page()
    await login(gp, server.url, 'medecin@demo.test')
    await openSituation(gp, 'Monsieur X')
    await gp.locator('[data-testid="timeline"] .timeline-event', { hasText: title }).waitFor()
    // Newest first: the seeded events of 2025 come after it.
    const dates = await gp.locator('[data-testid="timeline"] .timeline-event time').evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''))
    expect(dates).toEqual([...dates].sort().reverse())
    expect(await gp.locator('[data-testid="timeline"] form').count()).toBe(0)
  })

  it('keeps Monsieur X’s and his wife’s divergent views on the nursing home side by side beside the goal', async () => {
    const gp = await page()
    await login(gp, server.url, 'medecin@demo.test')
    await openSituation(gp, 'Monsieur X')
    const views = gp.locator('[data-goal-id="monsieur-x-ehpad"] [data-testid="row-views"] .row-view')
    await views.first().waitFor({ timeout: 10_000 })
    expect(await views.count()).toBe(2)
    const his = views.filter({ hasText: 'Avis de Monsieur Henri X' })
    const hers = views.filter({ hasText: 'Avis de son épouse (Mme Jeanne X)' })
    expect(await his.getAttribute('data-opinion')).toBe('disagree')
    expect(await his.innerText()).toContain('Je ne veux pas aller en maison de retraite.')
    expect(await hers.getAttribute('data-opinion')).toBe('agree')
    expect(await hers.innerText()).toContain('Je n’y arrive plus seule la nuit.')
  })

  it('records an objection to sharing and its lifting, with its history', async () => {
    const coordinator = await page()
    await login(coordinator, server.url, 'coordination@demo.test')
    await openSituation(coordinator, 'Yanis')
    const panel = coordinator.locator('[data-testid="consent"]')
    await panel.waitFor()
    await panel.getByRole('button', { name: 'Enregistrer son opposition' }).click()
    await coordinator.locator('[data-testid="consent"][data-consent="objected"]').waitFor()
    await panel.getByRole('button', { name: /Lever l’opposition/ }).click()
    await coordinator.locator('[data-testid="consent"][data-consent="agreed"]').waitFor()
    expect(await panel.locator('.consent-history li').count()).toBe(2)
    expect(await panel.locator('.consent-history li').first().innerText()).toContain('donné par Yanis Morel')
  })

  it('joins a situation from an invitation link, and explains used and invalid links', async () => {
    const cookie = await apiSession(server.url, 'coordination@demo.test')
    const response = await fetch(`${server.url}/api/situations/yanis/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ role: 'relative', name: 'Paul Morel', email: 'paul.morel@demo.test', mission: 'Frère de Yanis' }),
    })
    expect(response.status).toBe(201)
    const { url } = (await response.json()) as { url: string }

    const brother = await page()
    await brother.goto(`${server.url}${url}`)
    await brother.getByRole('heading', { level: 1, name: 'Bienvenue' }).waitFor()
    expect(await brother.locator('[data-invitation="ready"]').innerText()).toContain('Yanis')
    await brother.getByLabel('Choisissez un mot de passe').fill('un-mot-de-passe')
    await brother.getByLabel('Confirmez le mot de passe').fill('un-mot-de-passe')
    await brother.getByRole('button', { name: 'Accepter et rejoindre' }).click()
    await brother.waitForURL(/#\/situations\/yanis\/moi$/)
    await brother.getByRole('heading', { level: 1, name: 'L’espace de Yanis' }).waitFor()

    const stranger = await page()
    await stranger.goto(`${server.url}${url}`)
    await stranger.getByRole('heading', { level: 1, name: 'Invitation déjà utilisée' }).waitFor()
    await stranger.goto(`${server.url}/invitation/pas-un-vrai-jeton`)
    await stranger.getByRole('heading', { level: 1, name: /Invitation (introuvable|expirée)/ }).waitFor()
  })
})
