import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { axeViolations, launchBrowser, login, newContext, openPersonView, openSituation, phoneContext, screenshot, tabTo } from './browser.ts'

const SCREENSHOTS = 'docs/screenshots'

/** WCAG 2.1 AA with axe-core on each main page, zoom, motion, and the speech features' privacy rules. */
describe('accessibility of the workspace and the person view', () => {
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

  const withPage = async (open: (browser: Browser) => Promise<BrowserContext>, run: (page: Page) => Promise<void>) => {
    const context = await open(browser)
    try {
      await run(await context.newPage())
    } finally {
      await context.close()
    }
  }

  const expectNoViolations = async (page: Page, where: string) => {
    const violations = await axeViolations(page)
    expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([])
    await expectHeadingsInOrder(page, where)
  }

  /**
   * Headings in order (WCAG 1.3.1, RGAA 9.1): axe's heading-order rule (a
   * best practice, outside the WCAG tags run above), and a direct check that
   * the page has one h1 first and never skips a level going down.
   */
  const expectHeadingsInOrder = async (page: Page, where: string) => {
    const rule = await page.evaluate(async () => {
      type Outcome = { violations: { nodes: { target: unknown[] }[] }[]; passes: unknown[] }
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<Outcome> } }).axe
      const outcome = await axe.run(document, { runOnly: { type: 'rule', values: ['heading-order'] } })
      return { violations: outcome.violations.flatMap((violation) => violation.nodes.map((node) => JSON.stringify(node.target))), passes: outcome.passes.length }
    })
    expect(rule.violations, `${where}: heading-order`).toEqual([])
    expect(rule.passes, `${where}: heading-order was not applied`).toBe(1)
    const levels = await page.evaluate(() =>
      [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
        .filter((heading) => (heading as HTMLElement).offsetParent !== null || getComputedStyle(heading).position === 'fixed')
        .map((heading) => ({ level: heading.getAttribute('aria-level') ? Number(heading.getAttribute('aria-level')) : Number(heading.tagName.slice(1)), text: (heading.textContent ?? '').trim().slice(0, 60) })),
    )
    expect(levels.length, `${where}: no heading`).toBeGreaterThan(0)
    expect(levels[0]!.level, `${where}: the first heading is not an h1 (${levels[0]!.text})`).toBe(1)
    expect(levels.filter((heading) => heading.level === 1).length, `${where}: more than one h1`).toBe(1)
    for (let i = 1; i < levels.length; i++) {
      expect(levels[i]!.level - levels[i - 1]!.level, `${where}: "${levels[i - 1]!.text}" (h${levels[i - 1]!.level}) then "${levels[i]!.text}" (h${levels[i]!.level})`).toBeLessThanOrEqual(1)
    }
  }

  /** The focus indicator of the focused element: a box shadow or an outline that the unfocused element does not have. */
  const focusIndicator = (page: Page) =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement
      const focused = getComputedStyle(element)
      const shown = { matches: element.matches(':focus-visible'), boxShadow: focused.boxShadow, outline: `${focused.outlineStyle} ${focused.outlineWidth}`, tag: element.tagName, text: (element.textContent ?? '').trim().slice(0, 40) }
      element.blur()
      const blurred = getComputedStyle(element)
      const hidden = { boxShadow: blurred.boxShadow, outline: `${blurred.outlineStyle} ${blurred.outlineWidth}` }
      element.focus()
      return { ...shown, unfocused: hidden }
    })

  /** At 200 % zoom a 1280 px window is 640 CSS pixels wide: nothing may need horizontal scrolling. */
  const expectNoHorizontalScroll = async (page: Page, where: string) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow, where).toBeLessThanOrEqual(1)
  }

  it('has no WCAG A/AA violation on the login page and on "Mes situations"', async () => {
    await withPage(newContext, async (page) => {
      await page.goto(`${server.url}/`)
      await page.locator('input[type="password"]').waitFor()
      await expectNoViolations(page, 'login')
      await login(page, server.url, 'coordination@demo.test')
      await page.locator('.situation-card').first().waitFor()
      await expectNoViolations(page, 'Mes situations')
    })
  })

  it('has no WCAG A/AA violation on the situation page, and names every editor and control', async () => {
    await withPage(newContext, async (page) => {
      await login(page, server.url, 'coordination@demo.test')
      await openSituation(page, 'Yanis')
      // The person's views are shown beside the goals.
      await page.locator('[data-testid="goal-card"] [data-testid="row-views"]').first().waitFor()
      await expectNoViolations(page, 'situation page')
      const unnamed = await page.locator('.ProseMirror:not([aria-label])').count()
      expect(unnamed).toBe(0)
    })
  })

  it('has no WCAG A/AA violation on the person view at 375 px, on every step', async () => {
    await withPage(phoneContext, async (page) => {
      await login(page, server.url, 'yanis@demo.test')
      await openPersonView(page, 'Yanis')
      await expectNoViolations(page, 'person view: life project')
      await expectNoHorizontalScroll(page, 'person view at 375 px')
      await screenshot(page, `${SCREENSHOTS}/person-view-phone.png`)
      // Relations: his mother's sentence carries its label.
      for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Suivant' }).click()
      await page.locator('.written-by').first().waitFor()
      await expectNoViolations(page, 'person view: relations')
      await screenshot(page, `${SCREENSHOTS}/person-view-written-by-phone.png`)
      await page.getByRole('button', { name: /Mon avis/ }).click()
      await page.locator('.view-picker').first().waitFor()
      await expectNoViolations(page, 'person view: my view')
      await expectNoHorizontalScroll(page, 'views at 375 px')
      await screenshot(page, `${SCREENSHOTS}/person-view-views-phone.png`)
      await page.getByRole('button', { name: /Mon accord/ }).click()
      await page.locator('.agreement, .easy-line').first().waitFor()
      await expectNoViolations(page, 'person view: agreement')
    })
  })

  it('has no WCAG A/AA violation on the easy-read view at 375 px', async () => {
    await withPage(phoneContext, async (page) => {
      await login(page, server.url, 'yanis@demo.test')
      await openPersonView(page, 'Yanis')
      await page.getByRole('link', { name: 'Le plan en facile à lire' }).click()
      await page.locator('[data-testid="easy-goal"]').first().waitFor()
      await expectNoViolations(page, 'easy read')
      await expectNoHorizontalScroll(page, 'easy read at 375 px')
      // Pictograms are decorative: the words beside them carry the meaning.
      expect(await page.locator('.easy-page svg:not([aria-hidden="true"])').count()).toBe(0)
      expect(await page.locator('.easy-status').first().innerText()).toMatch(/commencé|en cours|fait|arrêté/)
      // Owners and dates in plain words: who (name and profession, or the organisation and what it does), how often, by when.
      const linesOf = (title: string) => page.locator('[data-testid="easy-goal"] li.easy-action', { hasText: title }).locator('.easy-line:not(.easy-status)').allInnerTexts()
      const date = /^À faire avant le \d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}\.$/
      const budget = await linesOf('Apprendre à gérer un budget mensuel')
      expect(budget.slice(0, 2)).toEqual(['Qui : Karim Benali, éducateur spécialisé.', 'Quand : chaque semaine.'])
      expect(budget[2]).toMatch(date)
      expect(budget).toHaveLength(3)
      const esat = await linesOf('Inscrire Yanis sur la liste d’attente prioritaire de l’ESAT')
      expect(esat[0]).toBe('Qui : ESAT Les Ateliers du Cher, structure cible.')
      expect(esat[1]).toMatch(date)
      await screenshot(page, `${SCREENSHOTS}/easy-read-phone.png`)
    })
  })

  it('keeps the situation page and the person view usable at 200 % zoom (640 CSS px)', async () => {
    await withPage((b) => newContext(b, { width: 640, height: 500 }), async (page) => {
      await login(page, server.url, 'coordination@demo.test')
      await expectNoHorizontalScroll(page, 'Mes situations at 200 %')
      await openSituation(page, 'Monsieur X')
      await expectNoHorizontalScroll(page, 'situation page at 200 %')
    })
    // The person's own view, each step, and the easy-read plan, at the same zoom.
    await withPage((b) => newContext(b, { width: 640, height: 500 }), async (page) => {
      await login(page, server.url, 'yanis@demo.test')
      await openPersonView(page, 'Yanis')
      await expectNoHorizontalScroll(page, 'person view at 200 %')
      const editor = page.locator('[data-part="person"] .person-screen .ProseMirror').first()
      expect(await editor.isVisible()).toBe(true)
      expect((await editor.boundingBox())!.width).toBeGreaterThan(200)
      await page.getByRole('button', { name: /Mon avis/ }).click()
      await page.locator('.view-picker').first().waitFor()
      await expectNoHorizontalScroll(page, 'person view, my view, at 200 %')
      await page.getByRole('button', { name: /Mon accord/ }).click()
      await page.locator('.agreement, .easy-line').first().waitFor()
      await expectNoHorizontalScroll(page, 'person view, agreement, at 200 %')
      await page.getByRole('link', { name: 'Le plan en facile à lire' }).click()
      await page.locator('[data-testid="easy-goal"]').first().waitFor()
      await expectNoHorizontalScroll(page, 'easy read at 200 %')
    })
  })

  it('shows a visible focus indicator on controls reached with the keyboard', async () => {
    await withPage(newContext, async (page) => {
      await page.goto(`${server.url}/`)
      await page.locator('input[type="password"]').waitFor()
      await tabTo(page, 'input[autocomplete="username"]')
      const field = await focusIndicator(page)
      expect(field.matches, JSON.stringify(field)).toBe(true)
      expect(field.boxShadow !== 'none' || !field.outline.startsWith('none'), JSON.stringify(field)).toBe(true)
      expect([field.boxShadow, field.outline], JSON.stringify(field)).not.toEqual([field.unfocused.boxShadow, field.unfocused.outline])

      await login(page, server.url, 'medecin@demo.test')
      await openSituation(page, 'Madame B')
      for (const selector of ['button', 'a[href]']) {
        // The page's links all come before its first button: reaching one goes round the whole page, whose
        // tab stops grew with the SERAFIN-PH pickers (one per assessment domain, one per coded need).
        await tabTo(page, `main ${selector}`, { max: 200 })
        const control = await focusIndicator(page)
        expect(control.matches, JSON.stringify(control)).toBe(true)
        expect(control.boxShadow !== 'none' || !control.outline.startsWith('none'), JSON.stringify(control)).toBe(true)
        expect([control.boxShadow, control.outline], JSON.stringify(control)).not.toEqual([control.unfocused.boxShadow, control.unfocused.outline])
      }
    })
  })

  it('respects prefers-reduced-motion', async () => {
    await withPage((b) => newContext(b, { reducedMotion: 'reduce' }), async (page) => {
      await login(page, server.url, 'medecin@demo.test')
      const duration = await page.evaluate(() => {
        const spinner = document.createElement('span')
        spinner.className = 'spinner'
        document.body.append(spinner)
        const value = getComputedStyle(spinner).animationDuration
        spinner.remove()
        return parseFloat(value)
      })
      expect(duration).toBeLessThan(0.001)
    })
  })

  it('reads aloud only with a voice on the device, and offers no dictation in Chromium', async () => {
    // No local voice (Chromium's network voices only): no button at all.
    await withPage(
      async (b) => {
        const context = await phoneContext(b)
        await context.addInitScript(() => {
          const voices = [{ name: 'Google français', lang: 'fr-FR', localService: false, default: true, voiceURI: 'google-fr' }]
          Object.defineProperty(window, 'speechSynthesis', { value: { getVoices: () => voices, addEventListener() {}, removeEventListener() {}, cancel() {}, speak() {} } })
        })
        return context
      },
      async (page) => {
        await login(page, server.url, 'yanis@demo.test')
        await openPersonView(page, 'Yanis')
        expect(await page.getByRole('button', { name: /Lire à voix haute/ }).count()).toBe(0)
        expect(await page.getByRole('button', { name: /Dicter/ }).count()).toBe(0)
      },
    )
    // A local French voice: the button reads the screen with that voice only.
    await withPage(
      async (b) => {
        const context = await phoneContext(b)
        await context.addInitScript(() => {
          const voices = [
            { name: 'Remote FR', lang: 'fr-FR', localService: false, default: true, voiceURI: 'remote' },
            { name: 'Local EN', lang: 'en-GB', localService: true, default: false, voiceURI: 'local-en' },
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
      },
      async (page) => {
        await login(page, server.url, 'yanis@demo.test')
        await openPersonView(page, 'Yanis')
        await page.getByRole('link', { name: 'Le plan en facile à lire' }).click()
        await page.locator('[data-testid="easy-goal"]').first().waitFor()
        await page.locator('[data-testid="easy-goal"]').first().getByRole('button', { name: /Lire à voix haute/ }).click()
        const spoken = await page.evaluate(() => (window as unknown as { spoken: { text: string; voice: string }[] }).spoken)
        expect(spoken).toHaveLength(1)
        expect(spoken[0]!.voice).toBe('Local FR')
        expect(spoken[0]!.text).toContain('Objectif 1')
        expect(spoken[0]!.text).not.toContain('Lire à voix haute')
      },
    )
  })
})
