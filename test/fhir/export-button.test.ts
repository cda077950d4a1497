import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { launchBrowser, login, newContext } from '../e2e/browser.ts'

/** The version page offers the FHIR bundle beside the PDF, and the link downloads it. */
describe('the "Export FHIR" button of a version', () => {
  let server: SpawnedServer
  let browser: Browser
  let context: BrowserContext
  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    context = await newContext(browser)
  }, 90_000)
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.stop()
  })

  it('downloads the version as a FHIR transaction Bundle with its CarePlan', async () => {
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    await login(page, server.url, 'coordination@demo.test')
    const created = await page.request.post(`${server.url}/api/situations/madame-b/versions`, { data: { label: 'Concertation de décembre' } })
    expect(created.status()).toBe(201)
    const { id } = (await created.json()) as { id: string }
    await page.goto(`${server.url}/#/situations/madame-b/versions/${encodeURIComponent(id)}`)
    const pdf = page.getByRole('link', { name: 'PDF', exact: true })
    const fhir = page.getByRole('link', { name: /^Export FHIR/ })
    await fhir.waitFor()
    await pdf.waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), fhir.click()])
    expect(download.suggestedFilename()).toBe(`plan-madame-b-${id}.fhir.json`)
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { resourceType: string; type: string; entry: { resource: { resourceType: string; title?: string } }[] }
    expect(bundle.resourceType).toBe('Bundle')
    expect(bundle.type).toBe('transaction')
    expect(bundle.entry.find((e) => e.resource.resourceType === 'CarePlan')?.resource.title).toMatch(/^Madame B/)
  }, 90_000)
})
