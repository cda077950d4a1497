import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { planRoots, readActions, readPlanMeta } from '../../shared/schema/plan.ts'
import { documentName } from '../../shared/schema/roots.ts'
import { createTestApp } from '../../test/helpers/app.ts'
import { recordCommitment } from './commitments.ts'
import { copiesDiffer, expectedCopies, refreshDisplayCopies, writeCopies } from './display-copies.ts'
import { DomainError } from './errors.ts'
import { handOverCoordination } from './memberships.ts'

type TestApp = Awaited<ReturnType<typeof createTestApp>>
let app: TestApp
const S = 'yanis'

const memberOf = async (userId: string) => (await app.situations.memberOfUser(S, userId))!
const plan = async (): Promise<Y.Doc> => {
  const [state] = await app.rooms.encodeStates([documentName(S, 'plan')])
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state!)
  return doc
}
const commitmentOf = async (actionId: string) => readActions(await plan()).find((action) => action.id === actionId)?.commitment

const statusOf = async (run: () => Promise<unknown>): Promise<number | undefined> => {
  try {
    await run()
  } catch (error) {
    if (error instanceof DomainError) return error.status
    throw error
  }
  return undefined
}

beforeEach(async () => {
  app = await createTestApp()
})
afterEach(async () => {
  await app.dispose()
})

describe('commitments to actions', () => {
  it('the partner who owns an action commits to it: recorded, audited and copied into the plan', async () => {
    const educator = await memberOf('user-social')
    // The demo has it accepted: the educator now declines it.
    const row = await recordCommitment(app, S, { member: educator, userId: 'user-social', address: '10.0.0.1' }, 'yanis-budget', { status: 'declined', comment: 'Plus de créneau' }, new Date(Date.now() + 1000))
    expect(row).toMatchObject({ actionId: 'yanis-budget', status: 'declined', memberId: educator.id, userId: 'user-social', comment: 'Plus de créneau' })
    expect((await app.records.commitments(S)).get('yanis-budget')?.status).toBe('declined')
    expect((await app.audit.forSituation(S, 1))[0]).toMatchObject({ action: 'commitment.declined', target: 'yanis-budget', detail: { recordedForPartner: false } })
    expect(await commitmentOf('yanis-budget')).toBe('declined')
  })

  it('the coordinator records the commitment of a partner without an account, in that partner’s name', async () => {
    const coordinator = await memberOf('user-coordination')
    const esat = (await app.situations.activeMembers(S)).find((m) => m.organisation === 'ESAT')!
    const row = await recordCommitment(app, S, { member: coordinator, userId: 'user-coordination' }, 'yanis-esat-list', { status: 'declined' }, new Date(Date.now() + 1000))
    expect(row.memberId).toBe(esat.id)
    expect((await app.audit.forSituation(S, 1))[0]).toMatchObject({ action: 'commitment.declined', detail: { recordedForPartner: true } })
    expect(await commitmentOf('yanis-esat-list')).toBe('declined')
  })

  it('nobody commits for a partner who has an account, not even the coordinator (403)', async () => {
    const before = [...(await app.records.commitments(S)).values()].map((row) => row.id)
    const coordinator = await memberOf('user-coordination')
    expect(await statusOf(async () => recordCommitment(app, S, { member: coordinator, userId: 'user-coordination' }, 'yanis-budget', { status: 'declined' }))).toBe(403)
    const mother = await memberOf('user-famille')
    expect(await statusOf(async () => recordCommitment(app, S, { member: mother, userId: 'user-famille' }, 'yanis-esat-list', { status: 'accepted' }))).toBe(403)
    expect([...(await app.records.commitments(S)).values()].map((row) => row.id)).toEqual(before)
  })

  it('answers 404 for an action the plan does not have', async () => {
    const coordinator = await memberOf('user-coordination')
    expect(await statusOf(async () => recordCommitment(app, S, { member: coordinator, userId: 'user-coordination' }, 'no-such-action', { status: 'accepted' }))).toBe(404)
  })

  it('the latest commitment is in force', async () => {
    const educator = { member: await memberOf('user-social'), userId: 'user-social' }
    await recordCommitment(app, S, educator, 'yanis-budget', { status: 'accepted' }, new Date(Date.now() + 1000))
    await recordCommitment(app, S, educator, 'yanis-budget', { status: 'declined' }, new Date(Date.now() + 2000))
    expect((await app.records.commitments(S)).get('yanis-budget')?.status).toBe('declined')
    expect(await commitmentOf('yanis-budget')).toBe('declined')
  })
})

describe('display copies of the records in the plan', () => {
  it('rewrites a coordinator and commitments a plan writer overwrote, from the records', async () => {
    const educator = { member: await memberOf('user-social'), userId: 'user-social' }
    await recordCommitment(app, S, educator, 'yanis-budget', { status: 'accepted' })
    await app.rooms.change(documentName(S, 'plan'), 'test: a writer overwrites the copies', (doc) => {
      planRoots(doc).meta.set('coordinatorId', 'someone-else')
      for (const row of planRoots(doc).actions) if (row.get('id') === 'yanis-budget') row.set('commitment', 'declined')
    })
    expect(copiesDiffer(await plan(), await expectedCopies(app, S))).toBe(true)
    await refreshDisplayCopies(app, S)
    const doc = await plan()
    expect(readPlanMeta(doc).coordinatorId).toBe((await memberOf('user-coordination')).id)
    expect(await commitmentOf('yanis-budget')).toBe('accepted')
    expect(copiesDiffer(doc, await expectedCopies(app, S))).toBe(false)
  })

  it('names the new coordinator after a handover', async () => {
    const educator = await memberOf('user-social')
    await handOverCoordination(app, S, educator.id, { userId: 'user-coordination', address: '' })
    expect((await expectedCopies(app, S)).coordinatorId).toBe(educator.id)
    await refreshDisplayCopies(app, S)
    expect(readPlanMeta(await plan()).coordinatorId).toBe(educator.id)
  })

  it('writes nothing when the copies already match (no update for a no-op)', async () => {
    await refreshDisplayCopies(app, S)
    const doc = await plan()
    let updates = 0
    doc.on('update', () => updates++)
    writeCopies(doc, await expectedCopies(app, S))
    expect(updates).toBe(0)
  })
})
