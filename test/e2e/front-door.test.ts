import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { serverStoreEnv } from '../helpers/test-store.ts'
import { axeViolations, caretToEnd, launchBrowser, login, newContext, phoneContext, screenshot, waitInPage } from './browser.ts'

const SCREENSHOTS = 'docs/screenshots'
const PASSWORD = 'front-door-2026'

/**
 * An account the documented way (DESIGN 5b): `npm run create-user -- --email E --name N --password P`, on the server's data directory;
 * `--service` makes it a coordinator of that service, the one that sees and decides its requests (decision 016).
 */
async function createAccount(dataDir: string, email: string, name: string, service?: string): Promise<void> {
  const serviceArgs = service ? ['--service', service, '--service-role', 'coordinator', '--service-kind', 'dac'] : []
  // Where the server keeps its accounts: its data folder, or its PostgreSQL database (postgres project).
  const env = { ...process.env, DATA_DIR: dataDir, ...(await serverStoreEnv(dataDir)) }
  execFileSync('npm', ['run', '--silent', 'create-user', '--', '--email', email, '--name', name, '--password', PASSWORD, ...serviceArgs], { env, stdio: 'pipe' })
}

/** A whole case in the browser, from an empty workspace: intake, circle, co-editing, the person's controls, handover, closing, erasure. */
describe('the front door, from an empty workspace', () => {
  let server: SpawnedServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  let coordinator: Page
  let situationId = ''
  const links: Record<string, string> = {}

  beforeAll(async () => {
    // A PPS is kept 0 years here so the job erases the one closed at the end (no grace after archiving); the PPCS keeps the default 20.
    server = await startServer({ env: { DEMO: '0', RETENTION_YEARS_PPS: '0', RETENTION_ARCHIVE_GRACE_DAYS: '0', RETENTION_INTERVAL_MS: '1000', UNLOAD_DELAY_MS: '200' } })
    await createAccount(server.dataDir, 'claire@dac37.test', 'Claire Coordinatrice', 'DAC 37')
    await createAccount(server.dataDir, 'bruno@dac37.test', 'Bruno Relais', 'DAC 37')
    browser = await launchBrowser()
    mkdirSync(SCREENSHOTS, { recursive: true })
  }, 120_000)

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    server?.dispose()
  })

  // Each step builds on the previous one: after a failure, the rest is skipped rather than failing for that reason.
  let broken = false
  beforeEach((context) => {
    if (broken) context.skip()
  })
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return
    broken = true
    // What the coordinator saw, for the failure report.
    const text = await coordinator?.locator('main').innerText().catch(() => '')
    if (text) console.error(`coordinator's page at the failure:\n${text.slice(0, 3000)}`)
  })

  const open = async (phone = false) => {
    const context = phone ? await phoneContext(browser) : await newContext(browser)
    contexts.push(context)
    const page = await context.newPage()
    page.on('dialog', (dialog) => void dialog.accept())
    return page
  }
  const expectNoViolations = async (page: Page, where: string) => {
    const violations = await axeViolations(page)
    expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([])
  }
  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true })

  it('the coordinator records a request, finds it waiting with its age, and accepts it into a new situation', async () => {
    coordinator = await open()
    await login(coordinator, server.url, 'claire@dac37.test', PASSWORD)
    await coordinator.getByText('Vous ne suivez encore aucune situation.').waitFor()
    await coordinator.getByRole('link', { name: 'Nouvelle demande' }).click()
    await coordinator.getByRole('heading', { level: 1, name: 'Nouvelle demande' }).waitFor()
    await expectNoViolations(coordinator, 'new request form')
    await field(coordinator, 'La demande vient de').selectOption('professional')
    await field(coordinator, 'Nom du demandeur *').fill('Assistante sociale du CHU')
    await field(coordinator, 'Structure du demandeur').fill('CHU de Tours')
    await field(coordinator, 'Comment le joindre (téléphone, e-mail)').fill('02 47 00 00 00')
    await field(coordinator, 'Nom et prénom *').fill('Madame Rose Lambert')
    await field(coordinator, 'Date de naissance').fill('1941-03-12')
    await field(coordinator, 'Adresse').fill('12 rue des Tanneurs, Tours')
    await field(coordinator, 'Personne de confiance').fill('Marc Lambert (fils)')
    // The commune from the official list (H5's picker): found by its INSEE code or its name.
    await coordinator.getByRole('combobox', { name: 'Commune de la personne' }).fill('37261')
    await coordinator.getByRole('option', { name: /^Tours/ }).first().click()
    await coordinator.getByText(/Tours/).first().waitFor()
    await field(coordinator, 'Motif de la demande *').fill('Retour à domicile après une chute, vit seule, refuse l’EHPAD.')
    await field(coordinator, 'Urgence').selectOption('soon')
    await field(coordinator, 'Niveau de réponse').selectOption('3')
    await field(coordinator, 'La personne est informée de cette demande').check()
    await field(coordinator, 'La personne est-elle d’accord ?').selectOption('yes')
    await field(coordinator, 'Comment son accord a été recueilli').fill('Par téléphone avec sa fille')
    await screenshot(coordinator, `${SCREENSHOTS}/front-door-new-request.png`)
    await coordinator.getByRole('button', { name: 'Envoyer la demande' }).click()
    await coordinator.getByRole('heading', { level: 1, name: 'Demande de Madame Rose Lambert' }).waitFor()

    await coordinator.getByRole('link', { name: 'Retour aux demandes' }).click()
    await coordinator.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor()
    const card = coordinator.locator('.request-card[data-status="waiting"]', { hasText: 'Madame Rose Lambert' })
    await card.waitFor()
    expect(await card.innerText()).toContain('reçue aujourd’hui')
    await expectNoViolations(coordinator, 'requests list')
    await screenshot(coordinator, `${SCREENSHOTS}/front-door-requests.png`)

    await card.getByRole('link', { name: 'Madame Rose Lambert' }).click()
    await coordinator.getByRole('heading', { level: 1, name: 'Demande de Madame Rose Lambert' }).waitFor()
    await expectNoViolations(coordinator, 'request page')
    // The commune chosen in the picker was stored as its INSEE code.
    expect(await coordinator.locator('.front-facts').innerText()).toContain('37261')
    await screenshot(coordinator, `${SCREENSHOTS}/front-door-request.png`)
    await field(coordinator, 'Type de plan').selectOption('ppcs')
    await coordinator.getByRole('button', { name: 'Créer la situation' }).click()
    await coordinator.waitForURL(/#\/situations\/[A-Za-z0-9_-]+$/)
    situationId = /#\/situations\/([A-Za-z0-9_-]+)/.exec(coordinator.url())![1]!
    await coordinator.locator('[data-part="plan"] .ProseMirror').first().waitFor({ timeout: 30_000 })
    await coordinator.getByRole('heading', { level: 1, name: 'Madame Rose Lambert' }).waitFor()
    // Level and the person's identity are in part 1; the level is on the life line.
    await coordinator.locator('[data-level="3"]').waitFor()
    expect(await coordinator.locator('.circle').innerText()).toContain('Marc Lambert (fils)')
    await coordinator.getByText('Niveau de réponse 3 : coordination').first().waitFor()
  }, 120_000)

  it('builds the circle in the page: the GP and the person by e-mail, a relative without an account, another coordinator', async () => {
    await coordinator.getByRole('link', { name: 'Cercle', exact: true }).click()
    await coordinator.getByRole('heading', { level: 1, name: /^Cercle — / }).waitFor()
    // The requester is in the circle, without an account.
    expect(await coordinator.locator('.circle-member', { hasText: 'Assistante sociale du CHU' }).innerText()).toContain('Sans compte')
    const add = async (member: { name: string; role: string; sector?: string; organisation?: string; mission?: string; email?: string }) => {
      const form = coordinator.locator('form', { has: coordinator.getByRole('button', { name: 'Ajouter au cercle' }) })
      await form.getByLabel('Nom *', { exact: true }).fill(member.name)
      await form.getByLabel('Rôle', { exact: true }).selectOption(member.role)
      if (member.sector) await form.getByLabel('Secteur', { exact: true }).selectOption(member.sector)
      if (member.organisation) await form.getByLabel('Structure', { exact: true }).fill(member.organisation)
      if (member.mission) await form.getByLabel('Mission dans la situation', { exact: true }).fill(member.mission)
      if (member.email) await form.getByLabel('Adresse e-mail (pour l’inviter)', { exact: true }).fill(member.email)
      await coordinator.getByRole('button', { name: 'Ajouter au cercle' }).click()
      await coordinator.locator('.notice-success').filter({ hasText: member.email ?? member.name }).waitFor()
    }
    await coordinator.getByRole('heading', { level: 2, name: 'Ajouter un membre' }).waitFor()
    await add({ name: 'Dr Paul Girard', role: 'professional', sector: 'health', organisation: 'Cabinet médical des Halles', mission: 'Médecin traitant', email: 'girard@medecin.test' })
    await add({ name: 'Rose Lambert', role: 'person', email: 'rose@lambert.test' })
    await add({ name: 'Marc Lambert', role: 'relative', mission: 'Fils, aidant principal' })
    await add({ name: 'Bruno Relais', role: 'professional', sector: 'medicosocial', organisation: 'DAC 37', mission: 'Gestionnaire de cas', email: 'bruno@dac37.test' })
    await coordinator.locator('.circle-member', { hasText: 'Bruno Relais' }).waitFor()
    await coordinator.locator('.circle-member', { hasText: 'Marc Lambert' }).waitFor()
    // The invitations and their links, read from the outbox shown in the page.
    for (const email of ['girard@medecin.test', 'rose@lambert.test']) {
      await coordinator.locator('[data-invitation-state="sent"]', { hasText: email }).waitFor()
      const href = await coordinator.locator(`[data-invitation-link="${email}"]`).first().getAttribute('href')
      expect(href).toMatch(/\/invitation\//)
      links[email] = new URL(href!, server.url).toString()
    }
    await expectNoViolations(coordinator, 'circle page')
    await screenshot(coordinator, `${SCREENSHOTS}/front-door-circle.png`)
  }, 120_000)

  let gp: Page
  let person: Page
  it('the GP and the person accept their invitations in their own browsers; the GP co-edits a goal', async () => {
    gp = await open()
    await gp.goto(links['girard@medecin.test']!)
    await gp.getByLabel('Choisissez un mot de passe').fill(PASSWORD)
    await gp.getByLabel('Confirmez le mot de passe').fill(PASSWORD)
    await gp.getByRole('button', { name: 'Accepter et rejoindre' }).click()
    await gp.waitForURL(new RegExp(`#/situations/${situationId}$`))
    await gp.locator('[data-part="plan"] .ProseMirror').first().waitFor({ timeout: 30_000 })

    person = await open(true)
    await person.goto(links['rose@lambert.test']!)
    await person.getByLabel('Choisissez un mot de passe').fill(PASSWORD)
    await person.getByLabel('Confirmez le mot de passe').fill(PASSWORD)
    await person.getByRole('button', { name: 'Accepter et rejoindre' }).click()
    await person.waitForURL(new RegExp(`#/situations/${situationId}/moi$`))

    // The coordinator writes a goal; the GP completes its title; the coordinator sees it.
    await coordinator.goto(`${server.url}/#/situations/${situationId}`)
    await coordinator.locator('[data-connection="connected"]').first().waitFor({ timeout: 30_000 })
    await coordinator.getByRole('button', { name: 'Ajouter un objectif' }).click()
    await coordinator.keyboard.type('Rester chez elle en sécurité')
    const goalTitle = '[data-testid="goal-card"] input.goal-title'
    await waitInPage(gp, (css) => (document.querySelector(css) as HTMLInputElement | null)?.value === 'Rester chez elle en sécurité', goalTitle, 10_000)
    await gp.locator(goalTitle).first().click()
    await gp.keyboard.press('End')
    await gp.keyboard.type(', avec le passage infirmier')
    await waitInPage(coordinator, (css) => (document.querySelector(css) as HTMLInputElement | null)?.value === 'Rester chez elle en sécurité, avec le passage infirmier', goalTitle, 10_000)
  }, 120_000)

  it('the person writes her life project and hides the plan from her son', async () => {
    const summary = person.locator('[data-testid="life-project-summary"] .ProseMirror')
    await summary.waitFor({ timeout: 15_000 })
    await summary.click()
    await caretToEnd(person)
    await person.keyboard.type('Je veux rester chez moi et revoir mon jardin.')
    await waitInPage(person, (text) => document.querySelector('[data-testid="life-project-summary"] .ProseMirror')?.textContent?.includes(text) ?? false, 'revoir mon jardin')
    await person.getByRole('link', { name: 'Mes choix et mes données' }).click()
    await person.getByRole('heading', { level: 1, name: 'Mes choix et mes données' }).waitFor()
    await person.getByRole('button', { name: 'Cacher le plan à Marc Lambert' }).click()
    await person.getByText('Le plan est caché à Marc Lambert').waitFor()
    expect(await person.locator('[data-plan-hidden="true"]').count()).toBe(1)
    await expectNoViolations(person, 'person choices (375 px)')
  }, 120_000)

  it('the coordinator hands over; the new coordinator closes with a reason and the situation is read-only', async () => {
    await coordinator.goto(`${server.url}/#/situations/${situationId}/cercle`)
    await coordinator.getByRole('button', { name: 'Confier la coordination à Bruno Relais' }).click()
    await coordinator.getByText('Vous consultez le cercle ; seule la coordination le modifie.').waitFor()

    const bruno = await open()
    await login(bruno, server.url, 'bruno@dac37.test', PASSWORD)
    await bruno.getByRole('link', { name: 'Madame Rose Lambert' }).click()
    await bruno.locator('[data-part="plan"] .ProseMirror').first().waitFor({ timeout: 30_000 })
    await bruno.getByRole('link', { name: 'Cercle', exact: true }).click()
    await bruno.getByRole('heading', { level: 2, name: 'Clore la situation' }).waitFor()
    await bruno.getByLabel('Raison de la clôture', { exact: true }).selectOption('moved')
    await bruno.getByRole('button', { name: 'Clore la situation' }).click()
    await bruno.getByTestId('closed-banner').waitFor()
    expect(await bruno.getByTestId('closed-banner').innerText()).toMatch(/Situation close le .*\(Déménagement\).*lecture seule/s)
    await bruno.getByRole('button', { name: 'Rouvrir' }).waitFor()
    await screenshot(bruno, `${SCREENSHOTS}/front-door-closed.png`)
    await bruno.getByRole('link', { name: 'Retour au plan' }).click()
    await bruno.getByTestId('closed-banner').waitFor()
    await bruno.locator('[data-part="plan"][data-readonly="true"]').waitFor()
    await bruno.locator('[data-part="plan"] .ProseMirror[contenteditable="false"]').first().waitFor({ timeout: 30_000 })
    // The audit page, filtered by kind, with its CSV export.
    await bruno.getByRole('link', { name: 'Journal des accès' }).click()
    await bruno.getByRole('heading', { level: 1, name: /^Journal des accès — / }).waitFor()
    await bruno.locator('tr[data-action="situation.close"]').waitFor()
    await bruno.getByLabel('Type d’action', { exact: true }).selectOption('coordinator')
    await bruno.locator('tr[data-action="coordinator.handover"]').waitFor()
    // The filtered rows arrive after the choice: only the handover is left.
    await expect.poll(() => bruno.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1)
    await expectNoViolations(bruno, 'audit page')
    await screenshot(bruno, `${SCREENSHOTS}/front-door-audit.png`)
    const download = bruno.waitForEvent('download')
    await bruno.getByRole('link', { name: 'Exporter en CSV' }).click()
    const csv = readFileSync((await (await download).path())!, 'utf8')
    expect(csv).toContain('coordinator.handover')
  }, 120_000)

  it('the person sees who opened her record and downloads her data', async () => {
    await person.reload()
    await person.getByTestId('access-log').waitFor()
    const log = await person.getByTestId('access-log').innerText()
    expect(log).toMatch(/Dr Paul Girard \(.*\) a ouvert .*le plan/)
    expect(log).toMatch(/Bruno Relais/)
    expect(await person.getByTestId('closed-banner').innerText()).toContain('Déménagement')
    await screenshot(person, `${SCREENSHOTS}/front-door-person-choices.png`)
    const pdf = person.waitForEvent('download')
    await person.getByRole('link', { name: 'Télécharger mes données (PDF)' }).click()
    expect(readFileSync((await (await pdf).path())!).subarray(0, 5).toString()).toBe('%PDF-')
    const json = person.waitForEvent('download')
    await person.getByRole('link', { name: 'Télécharger mes données (JSON)' }).click()
    const data = JSON.parse(readFileSync((await (await json).path())!, 'utf8')) as { identity: { name: string }; personSection: { lifeProject: string }; accessLog: unknown[] }
    expect(data.identity.name).toBe('Madame Rose Lambert')
    expect(data.personSection.lifeProject).toContain('revoir mon jardin')
    expect(data.accessLog.length).toBeGreaterThan(2)
  }, 120_000)

  it('a situation past its retention date is erased by the job, and the erasure is in its audit trail', async () => {
    await coordinator.goto(`${server.url}/#/demandes/nouvelle`)
    await field(coordinator, 'Nom du demandeur *').fill('Pharmacie du Centre')
    await field(coordinator, 'Nom et prénom *').fill('Monsieur Jean Court')
    await field(coordinator, 'Motif de la demande *').fill('Oublis de traitement')
    await coordinator.getByRole('button', { name: 'Envoyer la demande' }).click()
    await coordinator.getByRole('heading', { level: 1, name: 'Demande de Monsieur Jean Court' }).waitFor()
    await field(coordinator, 'Type de plan').selectOption('pps')
    await field(coordinator, 'Niveau de réponse').selectOption('2')
    await coordinator.getByRole('button', { name: 'Créer la situation' }).click()
    await coordinator.waitForURL(/#\/situations\/[A-Za-z0-9_-]+$/)
    const erasedId = /#\/situations\/([A-Za-z0-9_-]+)/.exec(coordinator.url())![1]!
    await coordinator.getByRole('link', { name: 'Cercle', exact: true }).click()
    await coordinator.getByLabel('Raison de la clôture', { exact: true }).selectOption('goalsReached')
    await coordinator.getByRole('button', { name: 'Clore la situation' }).click()
    await coordinator.getByTestId('closed-banner').waitFor()
    // Leave it, so its documents unload and the job can erase them.
    await coordinator.goto(`${server.url}/#/`)
    const deadline = Date.now() + 30_000
    for (;;) {
      await coordinator.reload()
      await coordinator.getByRole('heading', { level: 1, name: 'Mes situations' }).waitFor()
      await coordinator.locator('.situation-card').first().waitFor()
      if ((await coordinator.getByRole('link', { name: 'Situation effacée' }).count()) > 0) break
      if (Date.now() > deadline) throw new Error('the retention job did not erase the closed PPS situation')
      await coordinator.waitForTimeout(500)
    }
    await coordinator.goto(`${server.url}/#/situations/${erasedId}`)
    await coordinator.getByText(/Cette situation a été effacée le/).waitFor()
    await coordinator.getByRole('link', { name: 'Journal des accès' }).click()
    const erasure = coordinator.locator('tr[data-action="situation.erase"]')
    await erasure.waitFor()
    expect(await erasure.innerText()).toContain('Concerto (automatique)')
    // The other situation, closed as a PPCS (kept 20 years), is still there.
    await coordinator.goto(`${server.url}/#/`)
    await coordinator.getByRole('link', { name: 'Madame Rose Lambert' }).waitFor()
  }, 120_000)

  it('every new page has no WCAG A/AA violation at 375 px', async () => {
    const phone = await open(true)
    await login(phone, server.url, 'bruno@dac37.test', PASSWORD)
    for (const [hash, heading] of [
      ['#/demandes', 'Demandes'],
      ['#/demandes/nouvelle', 'Nouvelle demande'],
      [`#/situations/${situationId}/cercle`, /^Cercle — /],
      [`#/situations/${situationId}/journal`, /^Journal des accès — /],
    ] as const) {
      await phone.goto(`${server.url}/${hash}`)
      await phone.getByRole('heading', { level: 1, name: heading }).waitFor()
      await phone.waitForTimeout(300)
      await expectNoViolations(phone, `${hash} at 375 px`)
    }
    await phone.goto(`${server.url}/#/demandes`)
    const requestId = await phone.locator('.request-card').first().getAttribute('data-request-id')
    await phone.goto(`${server.url}/#/demandes/${requestId}`)
    await phone.getByRole('heading', { level: 1, name: /^Demande de / }).waitFor()
    await expectNoViolations(phone, 'a request at 375 px')
  }, 120_000)
})
