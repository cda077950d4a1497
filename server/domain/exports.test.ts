import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../../test/helpers/app.ts'
import { writeRelativeView, writeView } from '../../shared/schema/person.ts'
import { recordCommitment } from './commitments.ts'
import { editAs } from './edits.ts'
import { commitmentsAt, versionPlanModel } from './exports.ts'
import { keyOf } from '../../test/helpers/document-key.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
let versionId: string
const S = 'yanis'

beforeAll(async () => {
  app = await createTestApp()
  await editAs(app, keyOf('yanis/person'), 'user-yanis', (doc) => writeView(doc, 'yanis-work', { opinion: 'agree', comment: 'Oui, dehors', by: 'user-yanis', at: '2026-03-01T00:00:00.000Z' }))
  await editAs(app, keyOf('yanis/person'), 'user-famille', (doc) =>
    writeRelativeView(doc, 'yanis-work', { opinion: 'unsure', comment: 'Fatigue', by: 'user-famille', at: '2026-03-01T00:00:00.000Z' }),
  )
  const cookie = await loginCookie(app.app, 'coordination@demo.test')
  const response = await app.app.request('/api/situations/yanis/versions', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ label: 'GOS de mars' }) })
  expect(response.status).toBe(201)
  versionId = ((await response.json()) as { id: string }).id
})
afterAll(async () => app.dispose())

describe('the printable model of a version', () => {
  it('prints the version’s goals and actions, its circle and coordinator, and the person’s and relatives’ views for who may read them', async () => {
    const model = (await versionPlanModel(app, S, versionId, true))!
    expect(model.version).toMatchObject({ label: 'GOS de mars', createdByName: 'Claire Martin' })
    expect(model.coordinator).toBe('Claire Martin (MDPH d’Indre-et-Loire)')
    const work = model.goals.find((goal) => goal.id === 'yanis-work')!
    expect(work.actions.map((a) => a.id)).toEqual(expect.arrayContaining(['yanis-stage', 'yanis-esat-list']))
    expect(work.personView).toMatchObject({ opinion: 'agree', comment: 'Oui, dehors' })
    expect(work.relativeViews).toEqual([expect.objectContaining({ opinion: 'unsure', comment: 'Fatigue' })])
    expect(model.members.map((m) => m.name)).toContain('ESAT Les Ateliers du Cher')
  })

  it('leaves out the person’s and relatives’ views for a reader without the person part', async () => {
    const model = (await versionPlanModel(app, S, versionId, false))!
    const work = model.goals.find((goal) => goal.id === 'yanis-work')!
    expect(work.personView).toBeNull()
    expect(work.relativeViews).toEqual([])
    expect(JSON.stringify(model)).not.toContain('Oui, dehors')
    expect(JSON.stringify(model)).not.toContain('Fatigue')
  })

  it('prints the commitments as they stood when the version was made, not a later one', async () => {
    const educator = (await app.situations.memberOfUser(S, 'user-social'))!
    await recordCommitment(app, S, { member: educator, userId: 'user-social' }, 'yanis-budget', { status: 'declined' }, new Date(Date.now() + 60_000))
    const budget = (await versionPlanModel(app, S, versionId, true))!.goals.flatMap((goal) => goal.actions).find((action) => action.id === 'yanis-budget')!
    expect(budget.commitment).toMatchObject({ status: 'accepted', byName: 'Karim Benali' })
    expect((await commitmentsAt(app.records, S, '2000-01-01T00:00:00.000Z')).size).toBe(0)
  })

  it('answers null for a version that does not exist here', async () => {
    expect(await versionPlanModel(app, S, 'no-such-version', true)).toBeNull()
    expect(await versionPlanModel(app, 'madame-b', versionId, true)).toBeNull()
  })
})
