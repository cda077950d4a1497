import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { axeViolations, DEMO_PASSWORD, launchBrowser, login, newContext } from './browser.ts'

async function apiSession(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) })
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ')
}

const card = (page: Page, titleStart: string) => page.locator('.situation-card', { has: page.getByRole('link', { name: new RegExp(`^${titleStart}`) }) })

/** "Mes situations" flags what needs preparing: the next meeting (in Paris time) and plans past their review date. */
describe('Mes situations: meetings to prepare and overdue reviews', () => {
  let server: SpawnedServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  // Next year, so the meeting is ahead whenever the test runs; 14:00 in Paris is 13:00 UTC in December.
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date())) + 1
  let meetingId = ''

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    const cookie = await apiSession(server.url, 'coordination@demo.test')
    const response = await fetch(`${server.url}/api/situations/yanis/meetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ kind: 'gos', startsAt: `${year}-12-12T13:00:00Z`, title: 'GOS de révision du PAG' }),
    })
    expect(response.status).toBe(201)
    meetingId = ((await response.json()) as { id: string }).id
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

  it('shows the meeting created through the API on the situation’s card, in Paris time, linking to it', async () => {
    const coordinator = await page()
    await login(coordinator, server.url, 'coordination@demo.test')
    const meeting = card(coordinator, 'Yanis').getByTestId('next-meeting')
    await meeting.waitFor()
    expect((await meeting.innerText()).trim()).toBe(`Réunion à préparer : GOS le 12 décembre ${year} à 14 h`)
    expect(await meeting.getAttribute('data-meeting-status')).toBe('planned')
    expect(await meeting.getByRole('link').getAttribute('href')).toBe(`#/situations/yanis/reunions/${meetingId}`)
    expect(await axeViolations(coordinator)).toEqual([])
    // Situations without a planned meeting have no such line.
    expect(await card(coordinator, 'Monsieur X').getByTestId('next-meeting').count()).toBe(0)
    expect(await card(coordinator, 'Madame B').getByTestId('next-meeting').count()).toBe(0)
    // Every member sees it, Yanis's mother too.
    const mother = await page()
    await login(mother, server.url, 'famille@demo.test')
    expect((await card(mother, 'Yanis').getByTestId('next-meeting').innerText()).trim()).toBe(`Réunion à préparer : GOS le 12 décembre ${year} à 14 h`)
  })

  it('flags the plan past its review date, and only that one', async () => {
    const gp = await page()
    await login(gp, server.url, 'medecin@demo.test')
    // Madame B's plan was due for review ten days ago (seed); Monsieur X's is ahead.
    await card(gp, 'Madame B').getByText('Révision dépassée', { exact: true }).waitFor()
    expect(await card(gp, 'Monsieur X').getByText('Révision dépassée', { exact: true }).count()).toBe(0)
  })
})
