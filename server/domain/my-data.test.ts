import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import type { PolicyContext } from '../auth/policy.ts'
import { DomainError } from './errors.ts'
import { collectMyData } from './my-data.ts'
import { readRetentionYears } from './retention-policy.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
const S = 'yanis'
const deps = () => ({ ...app, retentionYears: readRetentionYears({}) })
const as = async (userId: string): Promise<PolicyContext> => ({ situation: (await app.situations.situationById(S))!, member: await app.situations.memberOfUser(S, userId), sharingObjection: false })

const statusOf = async (run: () => Promise<unknown>): Promise<number | undefined> => {
  try {
    await run()
  } catch (error) {
    if (error instanceof DomainError) return error.status
    throw error
  }
  return undefined
}

beforeAll(async () => {
  app = await createTestApp()
})
afterAll(async () => app.dispose())

describe('the person’s right of access to their data', () => {
  it('gives the person everything held in the situation: plan, health notes, their own section, circle, timeline and who read the file', async () => {
    const data = await collectMyData(deps(), await as('user-yanis'), new Date('2026-05-01T00:00:00Z'))
    expect(data.exportedAt).toBe('2026-05-01T00:00:00.000Z')
    expect(data.situation).toMatchObject({ id: S, kind: 'pag', status: 'open' })
    expect(data.plan.goals.map((goal) => goal.id)).toEqual(expect.arrayContaining(['yanis-work', 'yanis-housing']))
    expect(data.health.notes).toContain('Pas de traitement au long cours.')
    expect(data.personSection.lifeProject.length).toBeGreaterThan(0)
    expect(data.circle.map((m) => m.name)).toEqual(expect.arrayContaining(['Yanis Morel', 'ESAT Les Ateliers du Cher']))
    expect(data.circle.find((m) => m.name === 'ESAT Les Ateliers du Cher')!.hasAccount).toBe(false)
    expect(Array.isArray(data.accessLog)).toBe(true)
    expect(data.identity.name).toBe('Yanis Morel')
  })

  it('is refused to everyone but the person and the legal representative, the coordinator and a relative included (403)', async () => {
    expect(await statusOf(async () => collectMyData(deps(), await as('user-famille')))).toBe(403)
    expect(await statusOf(async () => collectMyData(deps(), await as('user-coordination')))).toBe(403)
    expect(await statusOf(async () => collectMyData(deps(), await as('user-medecin')))).toBe(403)
  })

  it('answers 410 once the situation was erased at the end of its retention period', async () => {
    const context = await as('user-yanis')
    expect(await statusOf(async () => collectMyData(deps(), { ...context, situation: { ...context.situation, erasedAt: '2026-01-01T00:00:00.000Z' } }))).toBe(410)
  })
})
