import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import { DomainError } from './errors.ts'
import { createSituation } from './situations.ts'
import { applyStageTrigger, closeSituationWithReason, onLifeEvent, onVersionValidated, sweepSituation } from './stage.ts'

/** The stage table applied to real situations (SQLite): each move audited and on the life line, no move outside the table. */
let app: Awaited<ReturnType<typeof createTestApp>>
const creator = { userId: 'user-coordination', name: 'Claire Martin' }
const actor = { userId: 'user-coordination', address: '' }
const stageOf = async (id: string) => (await app.situations.situationById(id))!.stage
const stageEvents = async (id: string) => (await app.records.events(id)).filter((event) => event.kind === 'stage')

const statusOf = async (run: () => unknown): Promise<number | undefined> => {
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
afterEach(async () => app.dispose())

describe('stage moves on real situations', () => {
  it('moves a plan by the table, audited and written on the life line, and ignores a trigger the table has no row for', async () => {
    await createSituation(app, { id: 'st-1', title: 'Étapes', kind: 'pps' }, creator)
    expect(await applyStageTrigger(app, 'st-1', 'lifeEvent', { actor })).toBeNull()
    expect(await stageOf('st-1')).toBe('preparation')
    expect(await applyStageTrigger(app, 'st-1', 'versionValidated', { actor })).toEqual({ from: 'preparation', to: 'validated', trigger: 'versionValidated' })
    expect(await stageOf('st-1')).toBe('validated')
    expect((await app.audit.forSituation('st-1', 1))[0]).toMatchObject({ action: 'stage.validated', detail: { from: 'preparation', to: 'validated', trigger: 'versionValidated' } })
    expect(await stageEvents('st-1')).toHaveLength(1)
    expect((await stageEvents('st-1'))[0]!.part).toBe('plan')
  })

  it('puts a followed plan to review after a hospital admission, naming the event without its clinical title', async () => {
    await createSituation(app, { id: 'st-2', title: 'Suivi', kind: 'pps' }, creator)
    await applyStageTrigger(app, 'st-2', 'versionValidated', { actor })
    expect(await onLifeEvent(app, { situationId: 'st-2', kind: 'newService' })).toBeNull()
    expect(await onLifeEvent(app, { situationId: 'st-2', kind: 'hospitalisation' })).toMatchObject({ to: 'toReview', trigger: 'lifeEvent' })
    expect(await stageOf('st-2')).toBe('toReview')
    expect((await stageEvents('st-2')).map((event) => event.detail)).toContain('Événement sur la ligne de vie — hospitalisation ou sortie d’hôpital')
  })

  it('gives a validated PAG a review date one year on at the latest, and puts it to review once that date is reached', async () => {
    await createSituation(app, { id: 'st-3', title: 'PAG', kind: 'pag', reviewDate: '2030-01-01' }, creator)
    await onVersionValidated(app, { situationId: 'st-3', id: 'v1', createdAt: '2026-03-10T10:00:00.000Z', createdBy: 'user-coordination' }, new Date('2026-03-10T10:00:00.000Z'))
    expect(await app.situations.situationById('st-3')).toMatchObject({ stage: 'validated', reviewDate: '2027-03-10' })
    expect(await sweepSituation(app, 'st-3', new Date('2027-03-09T12:00:00Z'))).toBeNull()
    expect(await sweepSituation(app, 'st-3', new Date('2027-03-10T12:00:00Z'))).toMatchObject({ from: 'validated', to: 'toReview', trigger: 'reviewDue' })
  })

  it('closes a PAG only with one of the MDPH end reasons, and never twice', async () => {
    await createSituation(app, { id: 'st-4', title: 'PAG', kind: 'pag' }, creator)
    expect(await statusOf(async () => await closeSituationWithReason(app, 'st-4', 'parce que', actor))).toBe(400)
    expect(await statusOf(async () => await closeSituationWithReason(app, 'st-4', null, actor))).toBe(400)
    await closeSituationWithReason(app, 'st-4', 'placeFound', actor)
    expect(await app.situations.situationById('st-4')).toMatchObject({ status: 'closed', stage: 'closed', closedReason: 'placeFound' })
    expect((await stageEvents('st-4')).map((event) => event.detail)).toContain('Motif : La réponse cible est en place')
    expect(await statusOf(async () => await closeSituationWithReason(app, 'st-4', 'placeFound', actor))).toBe(409)
    expect(await statusOf(async () => await closeSituationWithReason(app, 'no-such', null, actor))).toBe(404)
  })

  it('closes a PPS with a short text of its own, or none', async () => {
    await createSituation(app, { id: 'st-5', title: 'PPS', kind: 'pps' }, creator)
    await closeSituationWithReason(app, 'st-5', '  ', actor)
    expect(await app.situations.situationById('st-5')).toMatchObject({ status: 'closed', closedReason: null })
    expect((await stageEvents('st-5')).map((event) => event.detail)).toContain('Sans motif indiqué')
  })
})
