import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { DomainError } from './errors.ts'
import { createMeeting } from './meetings.ts'
import { listMeetings, meetingToRun, meetingWithAttendance } from './meeting-reads.ts'
import { setSituationStatus } from './memberships.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
const S = 'yanis'
beforeEach(async () => {
  app = await createTestApp()
})
afterEach(async () => app.dispose())

const convene = (userId: string) => createMeeting(app, S, { kind: 'gos', startsAt: new Date().toISOString() }, { userId, address: '' })
const context = async (userId: string) => (await app.access.context(S, userId))!
const statusOf = async (run: () => unknown): Promise<number | undefined> => {
  try {
    await run()
  } catch (error) {
    if (error instanceof DomainError) return error.status
    throw error
  }
  return undefined
}

describe('who runs a meeting', () => {
  it('lets the coordinator run any meeting and the convener their own, and refuses another professional (403)', async () => {
    const meeting = await convene('user-social')
    const coordinator = (await app.situations.activeMembers(S)).find((m) => m.role === 'coordinator')!.userId!
    expect((await meetingToRun(app, await context(coordinator), meeting.id, coordinator)).id).toBe(meeting.id)
    expect((await meetingToRun(app, await context('user-social'), meeting.id, 'user-social')).id).toBe(meeting.id)
    expect(await statusOf(async () => meetingToRun(app, await context('user-yanis'), meeting.id, 'user-yanis'))).toBe(403)
  })

  it('runs no meeting of a closed situation (409), and knows no meeting of another situation (404)', async () => {
    const meeting = await convene('user-social')
    expect(await statusOf(async () => meetingToRun(app, (await app.access.context('madame-b', 'user-coordination'))!, meeting.id, 'user-coordination'))).toBe(404)
    await setSituationStatus(app, S, 'closed', { userId: 'user-coordination', address: '' })
    expect(await statusOf(async () => meetingToRun(app, await context('user-social'), meeting.id, 'user-social'))).toBe(409)
  })
})

describe('reading meetings', () => {
  it('lists the situation’s meetings and reads one with its attendance; another situation’s is not found', async () => {
    const meeting = await convene('user-social')
    expect((await listMeetings(app, S)).map((m) => m.id)).toContain(meeting.id)
    expect(await meetingWithAttendance(app, S, meeting.id)).toMatchObject({ meeting: { id: meeting.id }, attendance: [] })
    expect(await statusOf(async () => meetingWithAttendance(app, 'madame-b', meeting.id))).toBe(404)
  })
})
