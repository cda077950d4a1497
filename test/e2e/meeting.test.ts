import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { todayInParis } from '../../shared/domain/dates.ts'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { pdfText } from '../helpers/pdf.ts'
import { axeViolations, launchBrowser, login, newContext, screenshot, waitInPage } from './browser.ts'

/** Screenshots go to docs/ only when asked, so a normal run leaves tracked files alone. */
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1'
const SCREENSHOTS = 'docs/screenshots'

const addMonths = (date: string, months: number) => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const target = new Date(Date.UTC(year, month - 1 + months, 1))
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(day, last))
  return target.toISOString().slice(0, 10)
}

/** Bytes of a same-origin URL fetched with the page's own session cookie. */
const fetchBytes = async (page: Page, url: string): Promise<{ status: number; type: string; bytes: Uint8Array }> => {
  const result = await page.evaluate(async (href) => {
    const response = await fetch(href)
    return { status: response.status, type: response.headers.get('content-type') ?? '', bytes: Array.from(new Uint8Array(await response.arrayBuffer())) }
  }, url)
  return { ...result, bytes: Uint8Array.from(result.bytes) }
}

/**
 * A short GOS for Yanis in meeting mode, with three people in their own
 * browsers: the coordinator (MDPH) convenes and runs it, the educator logs a
 * decision, Yanis's mother follows it live; Yanis is noted present in the
 * room; the meeting ends with a review date and the minutes, checked in the PDF.
 */
describe('meeting mode: a GOS for Yanis, live, with its minutes', () => {
  let server: SpawnedServer
  let browser: Browser
  let contexts: BrowserContext[] = []
  let coordinator: Page
  let educator: Page
  let mother: Page
  let meetingUrl = ''
  const decision = 'Demander à l’ESAT un stage d’immersion de deux semaines'
  const amended = `${decision} avant l’été`

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    contexts = await Promise.all([newContext(browser), newContext(browser), newContext(browser)])
    const pages = await Promise.all(contexts.map((context) => context.newPage()))
    coordinator = pages[0]!
    educator = pages[1]!
    mother = pages[2]!
    for (const page of [coordinator, educator, mother]) {
      // Fail with Playwright's own message (what was awaited) before the test's timeout.
      page.setDefaultTimeout(15_000)
      page.on('pageerror', (error) => console.error('pageerror', error.message))
    }
    await Promise.all([
      login(coordinator, server.url, 'coordination@demo.test'),
      login(educator, server.url, 'social@demo.test'),
      login(mother, server.url, 'famille@demo.test'),
    ])
    if (UPDATE_SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true })
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    server?.dispose()
  })

  it('convenes a GOS from the situation page with invitees, an outside guest and an agenda linked to a goal', async () => {
    await coordinator.goto(`${server.url}/#/situations/yanis`)
    await coordinator.getByRole('link', { name: 'Réunions', exact: true }).click()
    await coordinator.getByRole('heading', { level: 1, name: 'Réunions' }).waitFor()
    await coordinator.getByRole('button', { name: /Convoquer une réunion/ }).click()
    const form = coordinator.locator('form.convene-form')
    expect(await form.getByLabel('Type de réunion').inputValue()).toBe('gos')
    await form.getByLabel('Objet (facultatif)').fill('Révision du PAG de Yanis')
    await form.getByLabel('Date', { exact: true }).fill(todayInParis())
    await form.getByLabel('Heure (heure de Paris)').fill('10:00')
    await form.getByLabel('Lieu ou lien de visioconférence').fill('MDPH d’Indre-et-Loire, salle 2')
    // The whole circle is invited by default.
    expect(await form.locator('.convene-invitees input[type="checkbox"]:checked').count()).toBeGreaterThanOrEqual(6)
    await form.getByLabel('Nom de l’invité extérieur').fill('Mme Leroy, CMP')
    await form.getByRole('button', { name: 'Ajouter l’invité' }).click()
    await form.getByLabel('Point 1', { exact: true }).fill('Liste d’attente ESAT et stage')
    // The goals appear once the plan has synced.
    await waitInPage(coordinator, () => [...document.querySelectorAll('form.convene-form option')].some((option) => option.textContent?.includes('Travailler dans les espaces verts')), null, 10_000)
    await form.getByLabel('Partie du plan concernée (point 1)').selectOption({ label: 'Objectif : Travailler dans les espaces verts' })
    await form.getByRole('button', { name: 'Convoquer', exact: true }).click()
    await coordinator.waitForURL(/#\/situations\/yanis\/reunions\/[A-Za-z0-9_-]+$/)
    meetingUrl = coordinator.url()
    const page = coordinator.locator('main.meeting-page')
    await page.waitFor()
    expect(await page.getAttribute('data-status')).toBe('planned')
    expect(await page.locator('h1').textContent()).toBe('Révision du PAG de Yanis')
    const text = await page.textContent()
    expect(text).toContain('à 10:00')
    expect(text).toContain('MDPH d’Indre-et-Loire, salle 2')
    expect(await page.locator('.agenda-item').textContent()).toContain('Objectif : Travailler dans les espaces verts')
  })

  it('starts the meeting and records the connected educator and mother as present', async () => {
    await Promise.all([educator.goto(meetingUrl), mother.goto(meetingUrl)])
    for (const page of [coordinator, educator, mother]) await page.locator('[data-connection="connected"]').first().waitFor({ timeout: 15_000 })
    // Only the coordinator (or the convener) may start it.
    expect(await educator.getByRole('button', { name: 'Démarrer la réunion' }).count()).toBe(0)
    await coordinator.getByRole('button', { name: 'Démarrer la réunion' }).click()
    await coordinator.locator('main.meeting-page[data-status="started"]').waitFor()
    // Everyone's page follows within a few seconds (it re-reads the meeting).
    await educator.locator('main.meeting-page[data-status="started"]').waitFor({ timeout: 10_000 })
    await mother.locator('main.meeting-page[data-status="started"]').waitFor({ timeout: 10_000 })
    await coordinator.locator('.attendance-row[data-mode="connected"]', { hasText: 'Karim Benali' }).waitFor({ timeout: 10_000 })
    await coordinator.locator('.family-line[data-mode="connected"]', { hasText: 'Nadia Morel' }).waitFor({ timeout: 10_000 })
    // The mother sees her own presence stated, and the meeting read-only.
    await mother.locator('.family-line[data-mode="connected"]', { hasText: 'Nadia Morel' }).waitFor({ timeout: 10_000 })
    expect(await mother.locator('form.new-decision').count()).toBe(0)
    // From the plan, a running meeting is one click away.
    await educator.goto(`${server.url}/#/situations/yanis`)
    await educator.getByTestId('live-meeting-link').click()
    await educator.locator('main.meeting-page[data-status="started"]').waitFor()
    await educator.locator('form.new-decision').waitFor()
  })

  it('shows a decision logged by the educator to the coordinator and the mother live, and its amendment', async () => {
    const form = educator.locator('form.new-decision')
    await form.locator('textarea').fill(decision)
    await form.getByLabel('Responsable').selectOption({ label: 'Karim Benali — IME Les Peupliers' })
    await form.getByLabel('Objectif ou action lié').selectOption({ label: 'Objectif : Travailler dans les espaces verts' })
    await form.getByRole('button', { name: /Ajouter la décision/ }).click()

    await waitInPage(coordinator, (text) => [...document.querySelectorAll<HTMLTextAreaElement>('[data-testid="decision"] textarea')].some((field) => field.value === text), decision)
    await waitInPage(mother, (text) => [...document.querySelectorAll('[data-testid="decision-text"]')].some((node) => node.textContent?.includes(text)), decision)
    const motherDecision = mother.locator('[data-testid="decision"]')
    expect(await motherDecision.locator('[data-testid="decision-by"]').textContent()).toBe('Karim Benali')
    expect(await motherDecision.textContent()).toContain('Objectif : Travailler dans les espaces verts')

    // The coordinator amends the text in place; everyone sees the new words.
    const field = coordinator.locator('[data-testid="decision"] textarea').first()
    await field.click()
    await field.press('End')
    await coordinator.keyboard.type(' avant l’été')
    await waitInPage(mother, (text) => document.querySelector('[data-testid="decision-text"]')?.textContent?.includes(text) ?? false, amended)
    await waitInPage(educator, (text) => document.querySelector<HTMLTextAreaElement>('[data-testid="decision"] textarea')?.value === text, amended)
  })

  it('notes Yanis present in the room, shown explicitly to everyone', async () => {
    await coordinator.getByLabel('Présence de Yanis Morel').selectOption('room')
    await coordinator.getByRole('button', { name: 'Noter — Yanis Morel' }).click()
    await coordinator.locator('.family-line[data-mode="room"]', { hasText: 'Yanis Morel' }).waitFor({ timeout: 10_000 })
    await mother.locator('.family-line[data-mode="room"]', { hasText: 'Yanis Morel' }).waitFor({ timeout: 10_000 })
    expect(await mother.locator('.family-line', { hasText: 'Yanis Morel' }).textContent()).toContain('Présent·e dans la salle')
    expect(await axeViolations(coordinator)).toEqual([])
    expect(await axeViolations(mother)).toEqual([])
    if (UPDATE_SCREENSHOTS) {
      await coordinator.waitForTimeout(300)
      await screenshot(coordinator, `${SCREENSHOTS}/meeting-live.png`)
    }
  })

  it('ends with a review date one year later, and the minutes (HTML and PDF) name the decision and the attendees', async () => {
    await coordinator.getByRole('button', { name: 'Clore la réunion…' }).click()
    const form = coordinator.locator('form.end-meeting')
    const today = todayInParis()
    expect(await form.getByLabel('Prochaine révision du plan').inputValue()).toBe(addMonths(today, 12))
    await form.getByLabel('Date de la prochaine réunion').fill(addMonths(today, 6))
    await form.getByLabel('Heure de la prochaine réunion').fill('14:30')
    await form.getByLabel('Notes pour le compte rendu').fill('Yanis a dit qu’il voulait travailler dehors, avec son équipe de foot le samedi.')
    await form.getByRole('button', { name: 'Clore et valider' }).click()

    await coordinator.locator('main.meeting-page[data-status="ended"]').waitFor({ timeout: 15_000 })
    await coordinator.locator('iframe.minutes-frame').waitFor()
    // The decisions are frozen once the meeting has ended.
    expect(await coordinator.locator('form.new-decision').count()).toBe(0)
    const minutes = coordinator.locator('[data-testid="minutes"]')
    expect(await minutes.textContent()).toMatch(/Prochaine révision : \d{1,2}/)
    const frameText = await coordinator.frameLocator('iframe.minutes-frame').locator('body').textContent()
    expect(frameText).toContain(amended)
    expect(frameText).toContain('Karim Benali')

    const pdfHref = await coordinator.locator('[data-testid="minutes-pdf"]').getAttribute('href')
    const pdf = await fetchBytes(coordinator, pdfHref!)
    expect(pdf.status).toBe(200)
    expect(pdf.type).toContain('application/pdf')
    const text = await pdfText(pdf.bytes)
    expect(text).toContain(amended)
    for (const name of ['Karim Benali', 'Nadia Morel', 'Yanis Morel']) expect(text).toContain(name)
    expect(text).toContain('Présent dans la salle')

    if (UPDATE_SCREENSHOTS) {
      const dir = mkdtempSync(join(tmpdir(), 'concerto-minutes-'))
      try {
        writeFileSync(join(dir, 'minutes.pdf'), pdf.bytes)
        const result = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', join(dir, 'minutes.pdf'), join(dir, 'page')])
        expect(result.status).toBe(0)
        renameSync(join(dir, 'page.png'), `${SCREENSHOTS}/minutes-pdf.png`)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
      await screenshot(coordinator, `${SCREENSHOTS}/meeting-ended.png`)
    }
  })

  it('asks Yanis’s agreement to the validated version and each partner’s commitment, each given by whom it belongs to', async () => {
    const followUp = coordinator.getByTestId('meeting-follow-up')
    const agreement = coordinator.getByTestId('meeting-agreement')
    await agreement.locator('.agreement-state').waitFor()
    // Pending until Yanis answers; nobody else is offered the choice.
    expect(await agreement.getAttribute('data-agreement')).toBe('none')
    expect(await agreement.innerText()).toContain('Réponse attendue de Yanis Morel')
    expect(await agreement.locator('input[type="radio"]').count()).toBe(0)
    await mother.getByTestId('meeting-agreement').locator('.agreement-state').waitFor({ timeout: 10_000 })
    expect(await mother.getByTestId('meeting-agreement').locator('input[type="radio"]').count()).toBe(0)

    // The seeded PAG: the town hall's commitment is still pending, the educator's accepted.
    const commitments = followUp.getByTestId('meeting-commitments')
    const housing = commitments.locator('[data-action-id="yanis-housing-request"]')
    await housing.waitFor()
    expect(await housing.getAttribute('data-commitment')).toBe('proposed')
    expect(await commitments.locator('[data-action-id="yanis-budget"]').getAttribute('data-commitment')).toBe('accepted')
    // The coordinator records it for the town hall (no account), not for the educator (who has one).
    expect(await commitments.locator('[data-action-id="yanis-budget"] button').count()).toBe(0)
    await housing.getByRole('button', { name: /^Noter son engagement \(Mairie de Joué-lès-Tours\)/ }).click()
    await commitments.locator('[data-action-id="yanis-housing-request"][data-commitment="accepted"]').waitFor()
    expect(await commitments.locator('[data-action-id="yanis-housing-request"]').innerText()).toContain('noté pour Mairie de Joué-lès-Tours')

    // The educator declines his own, with a reason; the coordinator sees it without reloading.
    const own = educator.getByTestId('meeting-commitments').locator('[data-action-id="yanis-budget"]')
    await own.waitFor({ timeout: 10_000 })
    expect(await educator.getByTestId('meeting-commitments').locator('[data-action-id="yanis-housing-request"] button').count()).toBe(0)
    await own.getByLabel('Commentaire (facultatif)').fill('Plus de place à l’atelier du mardi')
    await own.getByRole('button', { name: 'Refuser « Apprendre à gérer un budget mensuel »' }).click()
    const declined = commitments.locator('[data-action-id="yanis-budget"][data-commitment="declined"]')
    await declined.waitFor({ timeout: 10_000 })
    expect(await declined.innerText()).toContain('Plus de place à l’atelier du mardi')
    // Declined first: what still needs an answer leads the list.
    expect(await commitments.locator('.commitment-row').first().getAttribute('data-action-id')).toBe('yanis-budget')

    // Yanis gives his agreement from the meeting page; everyone reads who and when.
    const context = await newContext(browser)
    contexts.push(context)
    const yanis = await context.newPage()
    yanis.setDefaultTimeout(15_000)
    await login(yanis, server.url, 'yanis@demo.test')
    await yanis.goto(meetingUrl)
    const form = yanis.getByTestId('meeting-agreement')
    await form.getByRole('group', { name: 'Êtes-vous d’accord avec ce plan ?' }).waitFor()
    await form.getByLabel('D’accord', { exact: true }).check()
    await form.getByLabel('Commentaire (facultatif)').fill('Oui, pour le stage aux jardins.')
    await form.getByRole('button', { name: 'Envoyer la réponse' }).click()
    await yanis.locator('[data-testid="meeting-agreement"][data-agreement="agreed"]').waitFor()
    await coordinator.locator('[data-testid="meeting-agreement"][data-agreement="agreed"]').waitFor({ timeout: 10_000 })
    const given = await agreement.locator('.agreement-state').innerText()
    expect(given).toContain('D’accord')
    expect(given).toContain('Réponse de Yanis Morel, le')
    expect(given).toContain('Oui, pour le stage aux jardins.')
    expect(await axeViolations(coordinator)).toEqual([])
    expect(await axeViolations(yanis)).toEqual([])
  }, 60_000)

  it('lets the mother read the published minutes, and the version validated by the meeting is in the history', async () => {
    await mother.locator('main.meeting-page[data-status="ended"]').waitFor({ timeout: 10_000 })
    const pdfHref = await mother.locator('[data-testid="minutes-pdf"]').getAttribute('href', { timeout: 10_000 })
    const pdf = await fetchBytes(mother, pdfHref!)
    expect(pdf.status).toBe(200)
    expect(await pdfText(pdf.bytes)).toContain(amended)

    await mother.goto(`${server.url}/#/situations/yanis/reunions`)
    const card = mother.locator('[data-testid="meeting-card"]', { hasText: 'Révision du PAG de Yanis' })
    await card.waitFor()
    expect(await card.textContent()).toContain('Terminée')
    await card.getByRole('link', { name: 'Compte rendu' }).waitFor()

    await mother.goto(`${server.url}/#/situations/yanis/versions`)
    const latest = mother.locator('[data-testid="version-item"]').first()
    await latest.waitFor()
    expect(await latest.textContent()).toMatch(/Groupe opérationnel de synthèse \(GOS\) du/)
    expect(await latest.textContent()).toContain('Réunion : Révision du PAG de Yanis')
  })
})
