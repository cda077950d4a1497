import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { caretToEnd, actionTitles, launchBrowser, login, myName, newContext, openSituation, waitInPage } from './browser.ts'

/**
 * The plan co-edited live: two professionals (the GP and the nurse) on
 * Monsieur X, in two browser contexts, against the real server.
 */
describe('the plan co-edited live in the browser', () => {
  let server: SpawnedServer
  let browser: Browser
  let contexts: BrowserContext[] = []
  let gp: Page
  let nurse: Page
  let gpName: string
  let nurseName: string

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    const gpContext = await newContext(browser)
    const nurseContext = await newContext(browser)
    contexts = [gpContext, nurseContext]
    gp = await gpContext.newPage()
    nurse = await nurseContext.newPage()
    await login(gp, server.url, 'medecin@demo.test')
    await login(nurse, server.url, 'infirmier@demo.test')
    const [gpSituation, nurseSituation] = await Promise.all([openSituation(gp, 'Monsieur X'), openSituation(nurse, 'Monsieur X')])
    expect(gpSituation).toBe(nurseSituation)
    gpName = await myName(gp)
    nurseName = await myName(nurse)
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    server?.dispose()
  })

  it('shows text typed in an assessment domain by one professional to the other within a second', async () => {
    const marker = `Point de vigilance ${Date.now()}`
    const editor = gp.locator('[data-domain="autonomy"] .ProseMirror')
    await editor.click()
    await caretToEnd(gp)
    await gp.keyboard.press('Enter')
    await gp.keyboard.type(marker)
    const elapsed = await waitInPage(
      nurse,
      (text) => document.querySelector('[data-domain="autonomy"] .ProseMirror')?.textContent?.includes(text) ?? false,
      marker,
      1000,
    )
    expect(elapsed).toBeLessThan(1000)
    // Both still show exactly one copy of it.
    expect((await nurse.locator('[data-domain="autonomy"] .ProseMirror').textContent())?.split(marker).length).toBe(2)
  })

  it('shows an action added with an owner and a due date to the other professional', async () => {
    const goal = gp.locator('[data-testid="goal-card"]').first()
    const goalId = await goal.getAttribute('data-goal-id')
    const before = (await actionTitles(gp, goalId!)).length
    await goal.getByRole('button', { name: /Ajouter une action/ }).first().click()
    const title = `Kinésithérapie à domicile ${Date.now()}`
    // The new action's title field has the focus.
    await gp.keyboard.type(title)
    await waitInPage(gp, ({ id, n }) => document.querySelectorAll(`[data-goal-id="${id}"] [data-testid="action-row"]`).length === n, { id: goalId!, n: before + 1 })
    const newRow = goal.locator('[data-testid="action-row"]').nth(before)
    expect(await newRow.locator('input.action-title').inputValue()).toBe(title)
    const nurseOption = newRow.getByLabel('Porteur').locator('option', { hasText: nurseName }).first()
    await newRow.getByLabel('Porteur').selectOption((await nurseOption.getAttribute('value'))!)
    await newRow.getByLabel('Échéance').fill('2027-03-15')
    await newRow.getByLabel('Échéance').blur()

    await waitInPage(
      nurse,
      (text) => [...document.querySelectorAll<HTMLInputElement>('input.action-title')].some((input) => input.value === text),
      title,
    )
    const nurseRow = nurse.locator('[data-testid="action-row"]').nth(before)
    const nurseGoal = nurse.locator(`[data-goal-id="${goalId}"]`)
    await waitInPage(
      nurse,
      ({ id, text }) => {
        const rows = [...document.querySelectorAll(`[data-goal-id="${id}"] [data-testid="action-row"]`)]
        const row = rows.find((candidate) => (candidate.querySelector('input.action-title') as HTMLInputElement | null)?.value === text)
        const due = row?.querySelectorAll('input[type="date"]')[1] as HTMLInputElement | undefined
        return due?.value === '2027-03-15'
      },
      { id: goalId!, text: title },
    )
    const matching = nurseGoal.locator('[data-testid="action-row"]').filter({ has: nurse.locator('input.action-title') })
    expect(await matching.count()).toBe(before + 1)
    const ownerText = await nurseRow.getByLabel('Porteur').evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent ?? '')
    expect(ownerText).toContain(nurseName)
    expect(await nurseRow.getByLabel('Échéance').inputValue()).toBe('2027-03-15')
  })

  it('keeps both edits when two people type in the same goal title at once', async () => {
    const goalId = await gp.locator('[data-testid="goal-card"]').first().getAttribute('data-goal-id')
    const selector = `[data-goal-id="${goalId}"] input.goal-title`
    const original = await gp.locator(selector).inputValue()
    await gp.locator(selector).click()
    await gp.keyboard.press('End')
    await nurse.locator(selector).click()
    await nurse.keyboard.press('Home')
    await Promise.all([gp.keyboard.type(' (médecin)', { delay: 15 }), nurse.keyboard.type('[infirmier] ', { delay: 15 })])
    const expected = `[infirmier] ${original} (médecin)`
    for (const page of [gp, nurse]) {
      await waitInPage(page, ({ css, value }) => (document.querySelector(css) as HTMLInputElement | null)?.value === value, { css: selector, value: expected })
    }
    expect(await gp.locator(selector).inputValue()).toBe(expected)
    expect(await nurse.locator(selector).inputValue()).toBe(expected)
  })

  it('keeps a moved action as one action', async () => {
    const goals = gp.locator('[data-testid="goal-card"]')
    const firstGoalId = (await goals.nth(0).getAttribute('data-goal-id'))!
    const secondGoalId = (await goals.nth(1).getAttribute('data-goal-id'))!
    const firstRow = goals.nth(0).locator('[data-testid="action-row"]').first()
    const actionId = (await firstRow.getAttribute('data-action-id'))!
    const title = await firstRow.locator('input.action-title').inputValue()
    const total = (await actionTitles(nurse)).length

    // Down one place within its goal: only its order changes.
    await firstRow.getByRole('button', { name: `Descendre « ${title} »` }).click()
    await waitInPage(
      nurse,
      ({ goal, id }) => document.querySelectorAll(`[data-goal-id="${goal}"] [data-testid="action-row"]`)[1]?.getAttribute('data-action-id') === id,
      { goal: firstGoalId, id: actionId },
    )
    expect(await nurse.locator(`[data-action-id="${actionId}"]`).count()).toBe(1)
    expect((await actionTitles(nurse)).length).toBe(total)

    // Then under the second goal: goalId and order change, still one row.
    await gp.locator(`[data-action-id="${actionId}"]`).getByLabel('Rattachée à l’objectif').selectOption(secondGoalId)
    await waitInPage(nurse, ({ goal, id }) => document.querySelector(`[data-goal-id="${goal}"] [data-action-id="${id}"]`) !== null, { goal: secondGoalId, id: actionId })
    for (const page of [gp, nurse]) {
      expect(await page.locator(`[data-action-id="${actionId}"]`).count()).toBe(1)
      expect(await page.locator(`[data-goal-id="${firstGoalId}"] [data-action-id="${actionId}"]`).count()).toBe(0)
      expect((await actionTitles(page)).length).toBe(total)
    }
  })

  it('undoes only my own change, keeping the other person\'s', async () => {
    const goalId = (await gp.locator('[data-testid="goal-card"]').nth(1).getAttribute('data-goal-id'))!
    const selector = `[data-path="goals/${goalId}/expectedResult"]`
    const original = await gp.locator(selector).inputValue()
    await gp.locator(selector).click()
    await gp.keyboard.press('Control+End')
    await gp.keyboard.type(' + bilan médecin')
    await waitInPage(nurse, ({ css, value }) => (document.querySelector(css) as HTMLTextAreaElement | null)?.value === value, { css: selector, value: `${original} + bilan médecin` })
    await nurse.locator(selector).click()
    await nurse.keyboard.press('Control+Home')
    await nurse.keyboard.type('Infirmière : ')
    const both = `Infirmière : ${original} + bilan médecin`
    await waitInPage(gp, ({ css, value }) => (document.querySelector(css) as HTMLTextAreaElement | null)?.value === value, { css: selector, value: both })
    await gp.getByRole('button', { name: 'Annuler ma dernière modification' }).click()
    const expected = `Infirmière : ${original}`
    for (const page of [gp, nurse]) {
      await waitInPage(page, ({ css, value }) => (document.querySelector(css) as HTMLTextAreaElement | null)?.value === value, { css: selector, value: expected })
    }
  })

  it('hides an action removed by one professional from both, keeps it as a tombstone, and brings it back for both when the other restores it', async () => {
    const id = 'monsieur-x-respite'
    const rowSelector = `[data-action-id="${id}"]`
    const title = await gp.locator(`${rowSelector} input.action-title`).inputValue()
    expect(title).not.toBe('')
    const total = (await actionTitles(nurse)).length

    await gp.locator(rowSelector).getByRole('button', { name: `Retirer « ${title} »` }).click()
    for (const page of [gp, nurse]) await waitInPage(page, (css) => document.querySelector(css) === null, rowSelector)
    expect((await actionTitles(nurse)).length).toBe(total - 1)

    // Removed, not deleted: the nurse shows removed rows and finds it marked, read-only, with a restore button.
    await nurse.getByLabel('Afficher les éléments retirés').check()
    const tombstone = nurse.locator(rowSelector)
    await tombstone.waitFor()
    expect(await tombstone.getAttribute('class')).toContain('removed')
    await tombstone.locator('.row-controls', { hasText: 'Retiré' }).waitFor()
    expect(await tombstone.locator('input.action-title').inputValue()).toBe(title)
    expect(await tombstone.getByLabel('Échéance').isDisabled()).toBe(true)
    await tombstone.getByRole('button', { name: `Rétablir « ${title} »` }).click()

    // Back for both, live, exactly once, in its place.
    await waitInPage(gp, (css) => document.querySelector(css) !== null, rowSelector)
    await waitInPage(nurse, (css) => !document.querySelector(css)?.classList.contains('removed'), rowSelector)
    await nurse.getByLabel('Afficher les éléments retirés').uncheck()
    for (const page of [gp, nurse]) {
      expect(await page.locator(rowSelector).count()).toBe(1)
      expect(await page.locator(`${rowSelector} input.action-title`).inputValue()).toBe(title)
      expect(await page.locator(rowSelector).getByLabel('Échéance').isDisabled()).toBe(false)
      expect((await actionTitles(page)).length).toBe(total)
    }
  })

  it('shows both people in the presence list with what each is focused on', async () => {
    const goalId = (await gp.locator('[data-testid="goal-card"]').first().getAttribute('data-goal-id'))!
    await gp.locator(`[data-goal-id="${goalId}"] input.goal-title`).focus()
    await nurse.locator('[data-domain="environment"] .ProseMirror').click()

    await waitInPage(
      gp,
      (name) => [...document.querySelectorAll('.presence-peer')].some((peer) => peer.textContent?.includes(name) && peer.querySelector('[data-focus-path="assessment/environment"]')),
      nurseName,
    )
    await waitInPage(
      nurse,
      ({ id, name }) => [...document.querySelectorAll('.presence-peer')].some((peer) => peer.textContent?.includes(name) && peer.querySelector(`[data-focus-path="goals/${id}/title"]`)),
      { id: goalId, name: gpName },
    )
    for (const page of [gp, nurse]) {
      const names = await page.locator('.presence-peer .presence-name').allTextContents()
      expect(names.some((name) => name.includes(gpName))).toBe(true)
      expect(names.some((name) => name.includes(nurseName))).toBe(true)
    }
    // The focused row and domain carry the other person's chip.
    await gp.locator('[data-domain="environment"] .focus-chip', { hasText: nurseName }).waitFor()
    await nurse.locator(`[data-goal-id="${goalId}"] .row-head .focus-chip`, { hasText: gpName }).first().waitFor()
    // The nurse's caret is drawn in the GP's editor with a name label.
    await nurse.keyboard.type(' ')
    await gp.locator('[data-domain="environment"] .collaboration-carets__label', { hasText: nurseName }).waitFor()
  })
})
