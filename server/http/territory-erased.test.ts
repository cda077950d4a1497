import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import { createSituation } from '../domain/situations.ts'
import { editAs } from '../domain/edits.ts'
import { createRetentionRows } from '../storage/retention.ts'
import { addUnmet } from '../../shared/schema/plan.ts'
import type { TerritoryDashboard } from '../../shared/domain/territory.ts'

/**
 * A situation erased at the end of its retention period (migration 012:
 * `situations.erased_at`) no longer exists for anyone: the territory's
 * dashboard does not count it, even in a period when it was still active.
 */
let concerto: Awaited<ReturnType<typeof createTestApp>>
let pilot: string

const board = async (): Promise<TerritoryDashboard> => {
  const response = await concerto.app.request('/api/territories/45/dashboard?from=2020-01-01', { headers: { cookie: pilot } })
  expect(response.status).toBe(200)
  return (await response.json()) as TerritoryDashboard
}
const people = (dashboard: TerritoryDashboard) => dashboard.needs.find((need) => need.code === '1.3.3.2')?.people.value

beforeAll(async () => {
  concerto = await createTestApp()
  const deps = { situations: concerto.situations, store: concerto.store, bindings: concerto.bindings, rooms: concerto.rooms }
  const author = { userId: 'user-coordination', name: 'Claire Martin' }
  for (let i = 1; i <= 7; i++) {
    const id = `orleans-${i}`
    await createSituation(deps, { id, title: `Situation ${i}`, personName: `Personne ${i}`, kind: 'pag', territory: '45234', level: 3 }, author)
    await editAs(deps, { situationId: id, part: 'plan' }, author.userId, (doc) =>
      addUnmet(doc, { id: `${id}-unmet`, need: 'Travail', needCodes: ['1.3.3.2'], missingAnswer: 'place', missingSince: '2025-01-15' }, { userId: author.userId }),
    )
  }
  await concerto.pilots.grant('user-pilotage', '45', null)
  pilot = await loginCookie(concerto.app, 'pilotage@demo.test')
}, 60_000)
afterAll(async () => concerto?.dispose())

describe('the territory dashboard and erased situations', () => {
  it('does not count a situation erased by the retention job, even one closed within the period', async () => {
    const deadline = Date.now() + 5000
    let before = await board()
    while (people(before) !== 7 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      before = await board()
    }
    expect(before.situations.total.value).toBe(7)
    expect(people(before)).toBe(7)

    // Closed within the period, then erased: it was active then, but it no longer exists.
    const now = new Date().toISOString()
    await concerto.situations.setStatus('orleans-7', 'closed')
    await concerto.situations.setClosure('orleans-7', now, 'situationResolved')
    expect((await board()).situations.total.value).toBe(7)
    await createRetentionRows(concerto.sql).erase('orleans-7', now)

    const after = await board()
    expect(after.situations.total.value).toBe(6)
    expect(after.communes.find((commune) => commune.code === '45234')?.activeSituations.value).toBe(6)
    expect(people(after)).toBe(6)
  })
})
