import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { createUserPreferenceRows } from '../storage/user-preferences.ts'
import { consentState } from './consent-records.ts'
import { mySituations } from './my-situations.ts'
import { chooseDigest, digestWanted } from './reminder-preferences.ts'
import { openSituation } from './situations.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
beforeAll(async () => {
  app = await createTestApp()
})
afterAll(async () => app.dispose())

describe('reading situations as use cases', () => {
  it('opening a situation lists its active circle and leaves the opening in the audit trail', async () => {
    const members = await openSituation(app, 'monsieur-x', { userId: 'user-medecin', address: '10.0.0.9' })
    expect(members.map((member) => member.name)).toContain('Dr Paul Lefèvre')
    expect(members.every((member) => member.removedAt === null)).toBe(true)
    expect((await app.audit.forSituation('monsieur-x', 1))[0]).toMatchObject({ action: 'situation.open', userId: 'user-medecin', address: '10.0.0.9' })
  })

  it('"Mes situations" holds only the situations the user may view, each with its next meeting to prepare', async () => {
    const today = '2000-01-01'
    const mine = await mySituations(app, 'user-medecin', today)
    expect(mine.map((row) => row.id)).toContain('monsieur-x')
    // The observer is in the circle; once the person objects to sharing, they read no part: out of their list.
    expect((await mySituations(app, 'user-observateur', today)).map((row) => row.id)).toContain('monsieur-x')
    await app.consent.insert({ id: 'objection-1', situationId: 'monsieur-x', status: 'objected', informed: true, how: 'oral', givenByMember: null, recordedBy: 'user-coordination', givenAt: '2026-12-01T10:00:00.000Z', recordedAt: '2026-12-01T10:00:00.000Z', comment: '' })
    expect((await mySituations(app, 'user-observateur', today)).map((row) => row.id)).not.toContain('monsieur-x')
    expect((await mySituations(app, 'user-medecin', today)).map((row) => row.id)).toContain('monsieur-x')
    // The pilot is in no circle: nothing, whatever the territory holds.
    expect(await mySituations(app, 'user-pilotage', today)).toEqual([])
    const planned = (await app.meetings.list('monsieur-x')).filter((meeting) => meeting.status !== 'ended')
    const next = mine.find((row) => row.id === 'monsieur-x')!.nextMeeting
    if (planned.length === 0) expect(next).toBeNull()
    else expect(next?.startsAt).toBe(planned.map((meeting) => meeting.startsAt).sort()[0])
  })

  it('the consent state says an objection stands only while the newest statement is one', async () => {
    const state = await consentState(app, 'monsieur-x')
    expect(state.current).toEqual(state.history[0] ?? null)
    expect(state.objection).toBe(state.history[0]?.status === 'objected')
    expect(await consentState(app, 'no-such-situation')).toEqual({ current: null, objection: false, history: [] })
  })

  it('the daily digest is on until the user turns it off, and only for that user', async () => {
    const deps = { preferences: createUserPreferenceRows(app.sql) }
    expect(await digestWanted(deps, 'user-infirmier')).toBe(true)
    expect(await chooseDigest(deps, 'user-infirmier', false)).toBe(false)
    expect(await digestWanted(deps, 'user-infirmier')).toBe(false)
    expect(await digestWanted(deps, 'user-medecin')).toBe(true)
  })
})
