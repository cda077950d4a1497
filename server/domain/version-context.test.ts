import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { handOverCoordination } from './memberships.ts'
import { captureContext, parseContext, rebuildContext } from './version-context.ts'

type TestApp = Awaited<ReturnType<typeof createTestApp>>
let app: TestApp
const S = 'yanis'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

beforeAll(async () => {
  app = await createTestApp()
})
afterAll(async () => app.dispose())

const memberOf = (userId: string) => app.situations.memberOfUser(S, userId)!

describe('the context a version or meeting was made in', () => {
  it('captures the circle, the coordinator, the titles and the review date at that moment', () => {
    const context = captureContext(app, S)!
    const situation = app.situations.situationById(S)!
    expect(context).toMatchObject({ source: 'recorded', situationTitle: situation.title, personName: situation.personName, reviewDate: situation.reviewDate })
    expect(context.coordinatorId).toBe(memberOf('user-coordination').id)
    expect(context.members.map((m) => m.id).sort()).toEqual(app.situations.activeMembers(S).map((m) => m.id).sort())
    // Only what a printed circle shows: no contact details, no user ids.
    expect(Object.keys(context.members[0]!).sort()).toEqual(['id', 'mission', 'name', 'organisation', 'role', 'sector'])
  })

  it('lists only the members who had joined by then', () => {
    const before = captureContext(app, S, new Date('2000-01-01T00:00:00Z'))!
    expect(before.members).toEqual([])
    expect(before.coordinatorId).toBeNull()
    expect(captureContext(app, 'no-such-situation')).toBeNull()
  })

  it('rebuilds an older context from the handover trail: before a handover the opener coordinated, after it the new coordinator', async () => {
    await sleep(5)
    const between = new Date().toISOString()
    await sleep(5)
    const educator = memberOf('user-social')
    const opener = memberOf('user-coordination')
    await handOverCoordination(app, S, educator.id, { userId: 'user-coordination', address: '' })
    await sleep(5)
    const after = new Date().toISOString()

    const then = (await rebuildContext(app, S, between, '2026-01-01'))!
    expect(then).toMatchObject({ source: 'rebuilt', coordinatorId: opener.id, reviewDate: '2026-01-01' })
    // Today's coordinator was a professional then; handovers go between professionals.
    expect(then.members.find((m) => m.id === educator.id)!.role).toBe('professional')
    expect(then.members.find((m) => m.id === opener.id)!.role).toBe('coordinator')

    const now = (await rebuildContext(app, S, after, null))!
    expect(now.coordinatorId).toBe(educator.id)
    expect(now.members.find((m) => m.id === opener.id)!.role).toBe('professional')
    expect(now.members.filter((m) => m.role === 'coordinator').map((m) => m.id)).toEqual([educator.id])
    expect(await rebuildContext(app, 'no-such-situation', after, null)).toBeNull()
  })

  it('reads a stored context, and counts a malformed one as absent rather than failing', () => {
    const stored = captureContext(app, S)!
    expect(parseContext(JSON.stringify(stored))).toEqual(stored)
    for (const raw of [null, undefined, '', '{not json', '"a string"', 'null', '{"members":"none"}', 42]) expect(parseContext(raw)).toBeNull()
  })
})
