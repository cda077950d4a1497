import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { DomainError } from './errors.ts'
import { createMeeting, endMeeting, startMeeting } from './meetings.ts'
import { readEasyMinutes } from './easy-minutes-reading.ts'
import { rateGoal } from './co-evaluation.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
const S = 'yanis'
const deps = () => ({ ...app, coEvaluations: app.followUp.coEvaluations })
let draftId = ''
let publishedId = ''

/** A meeting convened by `user-social` and ended, published or kept as a draft. */
const endedMeeting = async (publish: boolean) => {
  const actor = { userId: 'user-social', address: '' }
  const meeting = await createMeeting(deps(), S, { kind: 'gos', startsAt: new Date().toISOString() }, actor)
  await startMeeting(deps(), S, meeting.id, actor, [])
  await endMeeting(deps(), S, meeting.id, { publish }, actor)
  return meeting.id
}

beforeAll(async () => {
  app = await createTestApp()
  await rateGoal(deps(), S, (await app.situations.memberOfUser(S, 'user-yanis'))!, { goalId: 'yanis-work', rating: 'partly' }, { userId: 'user-yanis', address: '' })
  draftId = await endedMeeting(false)
  publishedId = await endedMeeting(true)
})
afterAll(async () => app.dispose())

const reader = (meetingId: string, userId: string, withPersonViews = true) => ({ situationId: S, meetingId, userId, mayManage: false, withPersonViews, address: '' })

describe('the easy-to-read minutes', () => {
  it('are read by anyone of the plan once published, audited as an easy export', async () => {
    const easy = await readEasyMinutes(deps(), reader(publishedId, 'user-yanis'))
    expect(easy.coEvaluation.find((g) => g.goalId === 'yanis-work')?.person).toMatchObject({ rating: 'partly' })
    expect((await app.audit.forSituation(S, 1))[0]).toMatchObject({ action: 'export.minutes', target: publishedId, detail: { easy: true } })
  })

  it('keep a draft to the convener and the coordinator: anyone else gets the stranger’s 404', async () => {
    expect((await readEasyMinutes(deps(), reader(draftId, 'user-social'))).coEvaluation).toBeDefined()
    expect(await readEasyMinutes(deps(), { ...reader(draftId, 'user-coordination'), mayManage: true })).toBeDefined()
    await expect(readEasyMinutes(deps(), reader(draftId, 'user-yanis'))).rejects.toThrow(DomainError)
  })

  it('hide the person’s ratings from who does not read the person part', async () => {
    const easy = await readEasyMinutes(deps(), reader(publishedId, 'user-social', false))
    expect(easy.coEvaluation.every((g) => g.person === null)).toBe(true)
  })
})
