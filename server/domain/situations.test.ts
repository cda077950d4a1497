import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTestApp } from '../../test/helpers/app.ts'
import { emptyIdentity } from '../../shared/domain/intake.ts'
import { assessmentFragment, readPlanMeta } from '../../shared/schema/plan.ts'
import { healthRoots, personRoots } from '../../shared/schema/person.ts'
import { ASSESSMENT_DOMAINS } from '../../shared/schema/roots.ts'
import { SituationClosedError } from './open-situation.ts'
import { changeLevel, createSituation, readIdentity, writeIdentity } from './situations.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
const creator = { userId: 'user-coordination', name: 'Claire Martin', sector: 'medicosocial' as const }
const actor = { userId: 'user-coordination', address: '10.0.0.3' }

beforeAll(async () => {
  app = await createTestApp()
})
afterAll(async () => app.dispose())

const live = async (name: string): Promise<Y.Doc> => {
  const [state] = await app.rooms.encodeStates([name])
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state!)
  return doc
}

describe('situation use cases', () => {
  it('creates the row, the creator as coordinator in the care team, and the three documents with their fixed types', async () => {
    const { situation, coordinator } = await createSituation(app, { id: 'new-one', title: 'Nouvelle situation', kind: 'pag', personName: 'Mme Test', territory: '37261', level: 2 }, creator)
    expect(await app.situations.situationById('new-one')).toMatchObject({ title: 'Nouvelle situation', kind: 'pag', status: 'open', stage: 'preparation', level: 2, territory: '37261', createdBy: 'user-coordination' })
    expect(coordinator).toMatchObject({ role: 'coordinator', careTeam: true, userId: 'user-coordination' })
    expect(situation.id).toBe('new-one')
    const plan = await live('new-one/plan')
    expect(readPlanMeta(plan)).toMatchObject({ kind: 'pag', title: 'Nouvelle situation' })
    for (const domain of ASSESSMENT_DOMAINS) expect(assessmentFragment(plan, domain)?.length).toBe(1)
    expect(healthRoots(await live('new-one/health')).notes.length).toBe(1)
    expect(personRoots(await live('new-one/person')).lifeProjectSections.size).toBeGreaterThan(0)
  })

  it('changes the response level on the life line and in the audit, and does nothing for the same level', async () => {
    await createSituation(app, { id: 'levels', title: 'Niveaux', kind: 'pps' }, creator)
    const events = () => app.records.events('levels')
    await changeLevel(app, (await app.situations.situationById('levels'))!, 3, actor)
    expect((await app.situations.situationById('levels'))!.level).toBe(3)
    expect((await events()).map((e) => e.title)).toEqual(['Niveau de réponse 3 : coordination'])
    expect((await app.audit.forSituation('levels', 1))[0]).toMatchObject({ action: 'situation.level', detail: { from: null, to: 3 } })
    await changeLevel(app, (await app.situations.situationById('levels'))!, 3, actor)
    expect(await events()).toHaveLength(1)
  })

  it('refuses a level change or an identity change in a closed situation (409)', async () => {
    await createSituation(app, { id: 'closed-one', title: 'Close', kind: 'pps' }, creator)
    await app.situations.setStatus('closed-one', 'closed')
    const closed = (await app.situations.situationById('closed-one'))!
    await expect(changeLevel(app, closed, 1, actor)).rejects.toThrow(SituationClosedError)
    await expect(writeIdentity(app, closed, emptyIdentity('X'), actor)).rejects.toThrow(SituationClosedError)
  })

  it('writes the identity, renames the person, and audits which fields changed but never their values; each read is audited', async () => {
    await createSituation(app, { id: 'identity', title: 'Identité', kind: 'pps', personName: 'Ancien Nom' }, creator)
    const situation = (await app.situations.situationById('identity'))!
    expect((await readIdentity(app, situation, actor)).identity).toEqual(emptyIdentity('Ancien Nom'))
    expect((await app.audit.forSituation('identity', 1))[0]!.action).toBe('identity.read')

    await writeIdentity(app, situation, emptyIdentity('Marie Secret'), actor)
    expect((await app.situations.situationById('identity'))!.personName).toBe('Marie Secret')
    await writeIdentity(app, (await app.situations.situationById('identity'))!, { ...emptyIdentity('Marie Secret'), phone: '06 12 34 56 78' }, actor)
    const audit = (await app.audit.forSituation('identity', 1))[0]!
    expect(audit).toMatchObject({ action: 'identity.update', detail: { fields: ['phone'] } })
    expect(JSON.stringify(audit)).not.toContain('Marie Secret')
    expect(JSON.stringify(audit)).not.toContain('06 12')
    expect((await readIdentity(app, (await app.situations.situationById('identity'))!, actor)).identity.phone).toBe('06 12 34 56 78')
  })
})
