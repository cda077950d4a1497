import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Browser helpers for the e2e suites: a headless Chromium, login, open a situation. */

export const DEMO_PASSWORD = 'concerto-demo'

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--lang=fr-FR'],
    // Native date fields follow the browser's own locale, not the page's.
    env: { ...process.env, LANG: 'fr_FR.UTF-8', LANGUAGE: 'fr' },
  })
}

export async function newContext(browser: Browser, options: { width?: number; height?: number; reducedMotion?: 'reduce' | 'no-preference' } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: options.width ?? 1400, height: options.height ?? 1000 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    ...(options.reducedMotion ? { reducedMotion: options.reducedMotion } : {}),
  })
}

/** A phone-sized context (375 × 812, touch), as the person would use. */
export const phoneContext = (browser: Browser): Promise<BrowserContext> =>
  browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' })

/**
 * Logs in through the login form (Enter submits) and waits for "Mes situations".
 * The device is said to be personal unless `sharedDevice` (issue 14: on a
 * shared device no offline copy is kept, which the offline suites rely on).
 */
export async function login(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD, { sharedDevice = false } = {}): Promise<void> {
  await page.goto(`${baseUrl}/`)
  await page.locator('input[autocomplete="username"]').fill(email)
  await page.locator('input[type="password"]').fill(password)
  if (!sharedDevice) await page.getByLabel('Cet appareil est personnel').check()
  await page.locator('input[type="password"]').press('Enter')
  await page.getByRole('heading', { level: 1, name: 'Mes situations' }).waitFor()
}

/**
 * Opens a situation from the list by the start of its title and waits for
 * the synced plan (the person and their family land on their own view first,
 * and follow its link to the plan).
 */
export async function openSituation(page: Page, titleStart: string): Promise<string> {
  await page.getByRole('link', { name: new RegExp(`^${titleStart}`) }).click()
  await page.waitForURL(/#\/situations\//)
  if (/\/moi$/.test(page.url())) await page.getByRole('link', { name: 'Voir le plan complet' }).click()
  try {
    await page.locator('[data-part="plan"] .ProseMirror').first().waitFor({ timeout: 15_000 })
    await page.locator('[data-connection="connected"]').first().waitFor({ timeout: 15_000 })
  } catch (error) {
    const text = await page.locator('main').innerText().catch(() => '')
    throw new Error(`situation "${titleStart}" did not open: ${text.slice(0, 1500)}`, { cause: error })
  }
  const match = /#\/situations\/([^/]+)/.exec(page.url())
  if (!match) throw new Error(`not on a situation page: ${page.url()}`)
  return match[1]!
}

/** Opens a situation as the person or a relative: their own view, synced. Returns the situation id. */
export async function openPersonView(page: Page, titleStart: string): Promise<string> {
  await page.getByRole('link', { name: new RegExp(`^${titleStart}`) }).click()
  await page.waitForURL(/\/moi$/)
  await page.locator('[data-part="person"] .person-screen .ProseMirror').first().waitFor({ timeout: 15_000 })
  await page.locator('[data-connection="connected"]').first().waitFor({ timeout: 15_000 })
  return /#\/situations\/([^/]+)\/moi/.exec(page.url())![1]!
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails after `max` presses. */
export async function tabTo(page: Page, selector: string, { backwards = false, max = 60 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((css) => document.activeElement?.matches(css) ?? false, selector)) return
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab')
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))
  throw new Error(`could not reach ${selector} with the keyboard; focus is on ${focused}`)
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the page and returns its violations, summarised. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; nodes: string[] }[]> {
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') forbids an injected <script>.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const result = await page.evaluate(async () => {
    type Result = { passes: unknown[]; violations: { id: string; impact: string | null; nodes: { target: unknown[]; failureSummary?: string }[] }[] }
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<Result> } }).axe
    const outcome = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    return { passes: outcome.passes.length, violations: outcome.violations }
  })
  // A run that checked nothing would prove nothing.
  if (result.passes < 10) throw new Error(`axe ran only ${result.passes} passing rules`)
  return result.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    nodes: violation.nodes.map((node) => `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`.slice(0, 400)),
  }))
}

/** Values of the title inputs of all visible action rows, in display order (optionally within one goal). */
export const actionTitles = (page: Page, goalId?: string): Promise<string[]> =>
  page.$$eval(
    goalId ? `[data-goal-id="${goalId}"] [data-testid="action-row"] input.action-title` : '[data-testid="action-row"] input.action-title',
    (inputs) => inputs.map((input) => (input as HTMLInputElement).value),
  )

/** Waits until `predicate` holds in the page, polling; returns the elapsed milliseconds. */
export async function waitInPage<T>(page: Page, predicate: (arg: T) => boolean | Promise<boolean>, arg: T, timeout = 5000): Promise<number> {
  const started = Date.now()
  // Playwright's Unboxed<T> does not unify with a generic T: the argument is plain JSON here.
  await page.waitForFunction(predicate as (arg: unknown) => boolean, arg as unknown, { timeout, polling: 25 })
  return Date.now() - started
}

/**
 * Moves the caret to the end of the focused editor and waits until the
 * editor has taken it in. ProseMirror learns of a native caret move
 * (Control+End) from the asynchronous `selectionchange` event; a key pressed
 * right after (Enter) can otherwise act on the old selection on a loaded
 * machine, splitting a paragraph in the middle.
 */
export async function caretToEnd(page: Page): Promise<void> {
  await page.keyboard.press('Control+End')
  await page.waitForFunction(
    () => {
      const selection = document.getSelection()
      const editor = document.activeElement
      if (!selection || !selection.isCollapsed || !editor?.classList.contains('ProseMirror') || !selection.focusNode) return false
      // Collapsed at the very end: nothing of the editor's own text follows the caret
      // (widgets such as another writer's caret label or a "written by" tag are not text of the document).
      const after = document.createRange()
      after.setStart(selection.focusNode, selection.focusOffset)
      after.setEndAfter(editor.lastChild ?? editor)
      const rest = after.cloneContents()
      rest.querySelectorAll('.ProseMirror-widget, [contenteditable="false"]').forEach((widget) => widget.remove())
      return (rest.textContent ?? '').length === 0
    },
    undefined,
    { timeout: 10_000, polling: 'raf' },
  )
  // Two frames: the selectionchange task has run and ProseMirror has read the selection.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
}

/** The logged-in user's display name, as the server knows it. */
export const myName = (page: Page): Promise<string> =>
  page.evaluate(async () => ((await (await fetch('/api/me')).json()) as { name: string }).name)

/**
 * A full-page screenshot from the top (the sticky header stays in place), for
 * docs/screenshots: taken only with UPDATE_SCREENSHOTS=1, so an ordinary test
 * run never rewrites tracked files.
 */
export async function screenshot(page: Page, path: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return
  await page.evaluate(() => {
    ;(document.activeElement as HTMLElement | null)?.blur()
    window.scrollTo(0, 0)
  })
  await page.waitForTimeout(150)
  await page.screenshot({ path, fullPage: true })
}
