import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import type { PolicyContext } from '../auth/policy.ts'
import { DomainError } from './errors.ts'
import { SituationClosedError } from './open-situation.ts'
import { addTimelineEvent, readTimeline } from './timeline.ts'

type TestApp = Awaited<ReturnType<typeof createTestApp>>
let app: TestApp
const S = 'monsieur-x'

beforeAll(async () => {
  app = await createTestApp()
})
afterAll(async () => app.dispose())

/** The policy context of a demo account in Monsieur X's situation, as the HTTP layer builds it. */
const as = async (userId: string, override: Partial<PolicyContext> = {}): Promise<PolicyContext> => ({
  situation: (await app.situations.situationById(S))!,
  member: await app.situations.memberOfUser(S, userId),
  sharingObjection: false,
  ...override,
})

const statusOf = async (run: () => unknown): Promise<number | undefined> => {
  try {
    await run()
  } catch (error) {
    if (error instanceof DomainError) return error.status
    throw error
  }
  return undefined
}

describe('the timeline use cases', () => {
  it('gives the care team the clinical entries, newest first, and gives them no part but plan and health', async () => {
    const entries = await readTimeline(app, await as('user-medecin'))
    expect(entries.some((entry) => entry.part === 'health')).toBe(true)
    expect(entries.map((entry) => entry.date)).toEqual([...entries.map((entry) => entry.date)].sort().reverse())
    expect(new Set(entries.map((entry) => entry.part))).toEqual(new Set(['plan', 'health']))
  })

  it('hides clinical entries from an observer, who still reads the parcours', async () => {
    const all = await readTimeline(app, await as('user-medecin'))
    const observer = await readTimeline(app, await as('user-observateur'))
    expect(observer.length).toBeGreaterThan(0)
    expect(observer.every((entry) => entry.part === 'plan')).toBe(true)
    expect(observer.map((entry) => entry.id)).toEqual(all.filter((entry) => entry.part === 'plan').map((entry) => entry.id))
    // A hospital admission is clinical by default.
    expect(observer.some((entry) => entry.kind === 'hospitalisation')).toBe(false)
  })

  it('lists versions and coordinator handovers among the entries', async () => {
    const kinds = new Set((await readTimeline(app, await as('user-coordination'))).map((entry) => entry.kind))
    expect(kinds.has('version')).toBe(true)
    expect(kinds.has('handover')).toBe(true)
  })

  it('adds a parcours entry for a plan writer, audited, and files a hospital admission under health', async () => {
    const entry = await addTimelineEvent(app, await as('user-coordination'), { date: '2026-02-01', kind: 'move', title: 'Déménagement en résidence autonomie' }, { userId: 'user-coordination', address: '10.0.0.2' })
    expect(entry).toMatchObject({ kind: 'move', part: 'plan', by: 'user-coordination' })
    expect((await app.audit.forSituation(S, 1))[0]).toMatchObject({ action: 'timeline.add', target: entry.id, detail: { kind: 'move', part: 'plan' } })
    const admission = await addTimelineEvent(app, await as('user-medecin'), { date: '2026-02-02', kind: 'hospitalisation', title: 'Chute, hospitalisation' }, { userId: 'user-medecin' })
    expect(admission.part).toBe('health')
    expect((await readTimeline(app, await as('user-observateur'))).map((e) => e.id)).not.toContain(admission.id)
    expect((await readTimeline(app, await as('user-coordination'))).map((e) => e.id)).toContain(admission.id)
  })

  it('refuses a clinical entry from who does not write the health part (403), and any entry from a reader of the plan (403)', async () => {
    expect(await statusOf(async () => addTimelineEvent(app, await as('user-social'), { date: '2026-02-03', kind: 'hospitalisation', title: 'x' }, { userId: 'user-social' }))).toBe(403)
    expect(await statusOf(async () => addTimelineEvent(app, await as('user-observateur'), { date: '2026-02-03', kind: 'event', title: 'x' }, { userId: 'user-observateur' }))).toBe(403)
  })

  it('refuses any entry in a closed situation with a 409 that says why', async () => {
    const closed = { ...(await app.situations.situationById(S))!, status: 'closed' as const }
    let error: unknown
    try {
      await addTimelineEvent(app, await as('user-coordination', { situation: closed }), { date: '2026-02-04', kind: 'event', title: 'x' }, { userId: 'user-coordination' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(SituationClosedError)
    expect((error as SituationClosedError).status).toBe(409)
  })
})
