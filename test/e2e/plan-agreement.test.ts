import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import { todayInParis } from '../../shared/domain/dates.ts'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { DEMO_PASSWORD, launchBrowser, login, newContext, openSituation } from './browser.ts'

async function apiSession(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) })
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ')
}

const post = async (url: string, cookie: string, body: unknown) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) })
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

/** The person's agreement to the latest validated version, shown in the plan from the server's record. */
describe('the person’s agreement in the plan', () => {
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

  it('shows Yanis’s answer to the latest validated version with its status, who, when and his comment', async () => {
    const coordinatorCookie = await apiSession(server.url, 'coordination@demo.test')
    const version = await post(`${server.url}/api/situations/yanis/versions`, coordinatorCookie, { label: 'PAG validé au GOS de novembre' })
    expect(version.status).toBe(201)
    const yanisCookie = await apiSession(server.url, 'yanis@demo.test')
    const given = await post(`${server.url}/api/situations/yanis/versions/${String(version.json.id)}/agreement`, yanisCookie, {
      status: 'notAgreed',
      comment: 'Je ne veux pas rester à l’IME en attendant.',
    })
    expect(given.status).toBe(201)

    const context = await newContext(browser)
    contexts.push(context)
    const page = await context.newPage()
    await login(page, server.url, 'coordination@demo.test')
    await openSituation(page, 'Yanis')
    const panel = page.locator('[data-part="plan"] [data-testid="plan-agreement"]')
    await panel.waitFor()
    expect(await panel.getAttribute('data-agreement')).toBe('notAgreed')
    expect(await panel.getAttribute('data-version-id')).toBe(version.json.id)
    expect(await panel.getByRole('heading', { level: 2 }).innerText()).toBe('Accord de Yanis Morel')
    const text = await panel.innerText()
    expect(text).toContain('« PAG validé au GOS de novembre »')
    expect(text).toContain('Pas d’accord')
    const [year, month, day] = todayInParis().split('-').map(Number) as [number, number, number]
    const today = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)))
    expect(await panel.getByTestId('plan-agreement-by').innerText()).toBe(`Réponse de Yanis Morel, le ${today}.`)
    expect(await panel.getByTestId('plan-agreement-comment').innerText()).toContain('Je ne veux pas rester à l’IME en attendant.')
  })

  it('shows a validated version nobody has answered yet as pending', async () => {
    const context = await newContext(browser)
    contexts.push(context)
    const page = await context.newPage()
    await login(page, server.url, 'medecin@demo.test')
    await openSituation(page, 'Madame B')
    const coordinatorCookie = await apiSession(server.url, 'coordination@demo.test')
    expect((await post(`${server.url}/api/situations/madame-b/versions`, coordinatorCookie, { label: 'PPS après la concertation MSP' })).status).toBe(201)
    await page.reload()
    const panel = page.locator('[data-part="plan"] [data-testid="plan-agreement"]')
    await panel.waitFor()
    expect(await panel.getAttribute('data-agreement')).toBe('none')
    expect(await panel.innerText()).toContain('En attente')
    expect(await panel.innerText()).toContain('« PPS après la concertation MSP »')
  })
})
