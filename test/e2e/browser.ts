import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

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

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' })
}

/** Logs in through the login form (Enter submits) and waits for "Mes situations". */
export async function login(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/`)
  await page.locator('input[autocomplete="username"]').fill(email)
  await page.locator('input[type="password"]').fill(password)
  await page.locator('input[type="password"]').press('Enter')
  await page.getByRole('heading', { level: 1, name: 'Mes situations' }).waitFor()
}

/** Opens a situation from the list by the start of its title and waits for the synced plan. */
export async function openSituation(page: Page, titleStart: string): Promise<string> {
  await page.getByRole('link', { name: new RegExp(`^${titleStart}`) }).click()
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

/** Values of the title inputs of all visible action rows, in display order (optionally within one goal). */
export const actionTitles = (page: Page, goalId?: string): Promise<string[]> =>
  page.$$eval(
    goalId ? `[data-goal-id="${goalId}"] [data-testid="action-row"] input.action-title` : '[data-testid="action-row"] input.action-title',
    (inputs) => inputs.map((input) => (input as HTMLInputElement).value),
  )

/** Waits until `predicate` holds in the page, polling; returns the elapsed milliseconds. */
export async function waitInPage<T>(page: Page, predicate: (arg: T) => boolean, arg: T, timeout = 5000): Promise<number> {
  const started = Date.now()
  // Playwright's Unboxed<T> does not unify with a generic T: the argument is plain JSON here.
  await page.waitForFunction(predicate as (arg: unknown) => boolean, arg as unknown, { timeout, polling: 25 })
  return Date.now() - started
}

/** The logged-in user's display name, as the server knows it. */
export const myName = (page: Page): Promise<string> =>
  page.evaluate(async () => ((await (await fetch('/api/me')).json()) as { name: string }).name)

/** A full-page screenshot from the top (the sticky header stays in place). */
export async function screenshot(page: Page, path: string): Promise<void> {
  await page.evaluate(() => {
    ;(document.activeElement as HTMLElement | null)?.blur()
    window.scrollTo(0, 0)
  })
  await page.waitForTimeout(150)
  await page.screenshot({ path, fullPage: true })
}
