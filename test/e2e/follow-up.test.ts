import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { axeViolations, DEMO_PASSWORD, launchBrowser, login, newContext, openPersonView, phoneContext } from './browser.ts'

/** The follow-up in a real browser: the À faire count, the person's co-evaluation on a phone, the easy-read minutes. */
describe('follow-up in the browser', () => {
  let server: SpawnedServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer({ env: { JOBS: '0' } })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    server?.dispose()
  })

  const withPage = async (open: (browser: Browser) => Promise<BrowserContext>, run: (page: Page) => Promise<void>) => {
    const context = await open(browser)
    try {
      await run(await context.newPage())
    } finally {
      await context.close()
    }
  }
  const apiLogin = async (email: string) => {
    const response = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) })
    expect(response.status).toBe(200)
    return response.headers.get('set-cookie')!.split(';')[0]!
  }
  const api = async (cookie: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
    expect(response.status, `${method} ${path}`).toBeLessThan(300)
    return response.json() as Promise<any>
  }
  /** A page whose browser has a French voice on the device (and a network one, never used), recording what is read. */
  const withLocalFrenchVoice = async (b: Browser) => {
    const context = await newContext(b)
    await context.addInitScript(() => {
      const voices = [
        { name: 'Remote FR', lang: 'fr-FR', localService: false, default: true, voiceURI: 'remote' },
        { name: 'Local FR', lang: 'fr-FR', localService: true, default: false, voiceURI: 'local-fr' },
      ]
      const spoken: { text: string; voice: string }[] = []
      ;(window as unknown as { spoken: typeof spoken }).spoken = spoken
      ;(window as unknown as { SpeechSynthesisUtterance: unknown }).SpeechSynthesisUtterance = class {
        voice: { name: string } | null = null
        lang = ''
        rate = 1
        onend: (() => void) | null = null
        onerror: (() => void) | null = null
        constructor(readonly text: string) {}
      }
      Object.defineProperty(window, 'speechSynthesis', {
        value: {
          getVoices: () => voices,
          addEventListener() {},
          removeEventListener() {},
          cancel() {},
          speak(utterance: { text: string; voice: { name: string } }) {
            spoken.push({ text: utterance.text, voice: utterance.voice.name })
          },
        },
      })
    })
    return context
  }
  const expectNoViolations = async (page: Page, where: string) => {
    const violations = await axeViolations(page)
    expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([])
  }

  it('the coordinator’s header shows how many things wait in À faire, and the list opens them by date', async () => {
    const cookie = await apiLogin('coordination@demo.test')
    const expected = (await api(cookie, 'GET', '/api/me/todo')) as { kind: string; situationTitle: string; dueDate: string }[]
    expect(expected.length).toBeGreaterThan(0)
    await withPage((b) => newContext(b), async (page) => {
      await login(page, server.url, 'coordination@demo.test')
      const link = page.getByRole('link', { name: /^À faire/ })
      await expect.poll(() => page.getByTestId('todo-count').textContent()).toBe(String(expected.length))
      await expect.poll(() => link.getAttribute('aria-current')).toBeNull()
      await link.click()
      await page.getByRole('heading', { level: 1, name: 'À faire' }).waitFor()
      const items = page.getByTestId('todo-list').locator('li')
      await expect.poll(() => items.count()).toBe(expected.length)
      // Madame B's review date passed ten days ago: a review waits, first in the list.
      expect(await items.first().getAttribute('data-kind')).toBe(expected[0]!.kind)
      await expect.poll(() => page.getByTestId('todo-list').innerText()).toContain('Madame B')
      expect(await link.getAttribute('aria-current')).toBe('page')
      // The daily digest can be turned off from here, and stays off.
      const digest = page.getByRole('checkbox', { name: /Recevoir chaque matin/ })
      expect(await digest.isChecked()).toBe(true)
      await digest.uncheck()
      await page.getByText('Votre choix est enregistré.').waitFor()
      expect(await api(cookie, 'GET', '/api/me/reminders')).toEqual({ digest: false })
      await expectNoViolations(page, 'À faire')
    })
  }, 60_000)

  it('the person gives their co-evaluation on a phone, in easy words, and it is recorded as theirs', async () => {
    await withPage(phoneContext, async (page) => {
      await login(page, server.url, 'yanis@demo.test')
      await openPersonView(page, 'Yanis')
      await page.getByTestId('co-evaluation-link').click()
      await page.getByRole('heading', { level: 1, name: 'Mes objectifs : où en sommes-nous ?' }).waitFor()
      const first = page.getByTestId('co-evaluation-goal').first()
      await first.waitFor()
      await first.getByRole('radio', { name: 'C’est en partie fait' }).check()
      await first.getByLabel('Vous pouvez dire pourquoi (facultatif)').fill('J’aime bien l’atelier')
      await first.getByRole('button', { name: 'Envoyer mon avis' }).click()
      await first.getByTestId('co-evaluation-saved').waitFor()
      // Nothing wider than the phone: no sideways scrolling.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
      await expectNoViolations(page, 'co-evaluation (phone)')
    })
    const cookie = await apiLogin('coordination@demo.test')
    // The coordinator sees the person's view beside the circle's on the plan, and rates for the circle there.
    await withPage((b) => newContext(b), async (page) => {
      await login(page, server.url, 'coordination@demo.test')
      await page.goto(`${server.url}/#/situations/yanis`)
      const panel = page.getByTestId('review-goals')
      await panel.waitFor({ timeout: 15_000 })
      await expect.poll(() => panel.innerText()).toContain('En partie — « J’aime bien l’atelier »')
      const row = panel.locator('tbody tr').filter({ hasText: 'J’aime bien l’atelier' })
      await row.getByRole('combobox').selectOption('reached')
      await row.getByRole('button', { name: 'Enregistrer l’avis du cercle' }).click()
      await expect.poll(() => row.locator('td').first().innerText()).toContain('Atteint')
    })
    const view = (await api(cookie, 'GET', '/api/situations/yanis/co-evaluations')) as { goals: { person: { rating: string; comment: string; byName: string } | null }[] }
    expect(view.goals.map((g) => g.person)).toContainEqual(expect.objectContaining({ rating: 'partly', comment: 'J’aime bien l’atelier', byName: expect.stringContaining('Yanis') }))
  }, 60_000)

  it('after a meeting, the person reads its minutes in easy words with pictograms and read-aloud, and axe finds nothing', async () => {
    const cookie = await apiLogin('coordination@demo.test')
    const meeting = await api(cookie, 'POST', '/api/situations/yanis/meetings', { kind: 'gos', startsAt: new Date().toISOString() })
    await api(cookie, 'POST', `/api/situations/yanis/meetings/${meeting.id}/start`, {})
    await api(cookie, 'POST', `/api/situations/yanis/meetings/${meeting.id}/end`, { reviewDate: '2027-06-01', nextMeeting: '2027-03-10T09:00:00.000Z' })
    await withPage(withLocalFrenchVoice, async (page) => {
      await login(page, server.url, 'yanis@demo.test')
      await page.goto(`${server.url}/#/situations/yanis/facile`)
      await page.getByRole('link', { name: /^Réunion du/ }).first().click()
      await page.waitForURL(/\/reunions\/[^/]+\/facile$/)
      await page.getByTestId('easy-who').waitFor()
      const text = await page.locator('main').innerText()
      expect(text).toContain('Ce qui a été décidé pour vous')
      expect(text).toContain('Qui fait quoi')
      expect(text).toMatch(/, [^,\n]+, s’occupe de :/)
      expect(text).toContain('La prochaine réunion aura lieu le 10 mars 2027.')
      expect(text).toContain('Votre plan sera revu avant le 1 juin 2027.')
      // Each block has its read-aloud button (a device-local voice only) and its pictogram.
      expect(await page.getByRole('button', { name: /Lire à voix haute/ }).count()).toBeGreaterThanOrEqual(3)
      expect(await page.locator('[data-testid="easy-who"] svg').count()).toBeGreaterThan(0)
      await page.getByTestId('easy-who').getByRole('button', { name: /Lire à voix haute/ }).click()
      const spoken = await page.evaluate(() => (window as unknown as { spoken: { text: string; voice: string }[] }).spoken)
      expect(spoken).toHaveLength(1)
      expect(spoken[0]!.voice).toBe('Local FR')
      expect(spoken[0]!.text).toContain('s’occupe de')
      expect(spoken[0]!.text).not.toContain('Lire à voix haute')
      await expectNoViolations(page, 'easy-read minutes')
    })
  }, 60_000)
})
