import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as fhir4 from 'fhir/r4'
import { createTestApp, loginCookie } from '../helpers/app.ts'
import { readBundle, type ImportedPlan } from '../../server/export/fhir/read-bundle.ts'
import { emptyIdentity } from '../../shared/domain/intake.ts'
import { DEMO_SITUATIONS, exportFhir, jsonPost, latestVersion, resourcesOf } from './helpers.ts'
import { countOf, sql } from '../../test/helpers/rows.ts'

let concerto: Awaited<ReturnType<typeof createTestApp>>
let coordinator: string
beforeAll(async () => {
  concerto = await createTestApp()
  coordinator = await loginCookie(concerto.app, 'coordination@demo.test')
})
afterAll(async () => concerto.dispose())

/**
 * The plan content of a bundle with every id replaced by what it names:
 * members by name, an action's goal by the goal's title. The importer
 * becomes the coordinator of the new situation, so the coordinator's own
 * membership is left out of both sides.
 */
function content(bundle: fhir4.Bundle, coordinatorName: string) {
  // The stage is left out: validating a version in the new situation (to export it again) moves its stage on.
  const { stage: _stage, ...plan }: ImportedPlan = readBundle(bundle)
  const memberName = new Map(plan.members.map((m) => [m.key, m.name]))
  const goalTitle = new Map(plan.goals.map((g) => [g.key, g.title]))
  return {
    ...plan,
    members: plan.members
      .filter((m) => m.name !== coordinatorName)
      .map(({ key: _key, role, ...rest }) => ({ ...rest, role: role === 'coordinator' ? 'professional' : role }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    goals: plan.goals.map(({ key: _key, ...goal }) => goal),
    // The plan shows actions under their goal: their order within a goal counts, not how goals interleave.
    actions: plan.actions
      .map(({ goalKey, owner, ...action }) => ({
        ...action,
        goal: goalKey ? goalTitle.get(goalKey) : null,
        owner: owner === null ? null : 'memberKey' in owner ? memberName.get(owner.memberKey) : owner.organisation,
      }))
      .sort((a, b) => plan.goals.findIndex((g) => g.title === a.goal) - plan.goals.findIndex((g) => g.title === b.goal)),
  }
}

async function importAndExport(bundle: unknown) {
  const response = await jsonPost(concerto.app, '/api/situations/import', bundle, coordinator)
  expect(response.status, await response.clone().text()).toBe(201)
  const { id } = (await response.json()) as { id: string }
  expect((await concerto.situations.situationById(id))!.stage).toBe(readBundle(bundle as fhir4.Bundle).stage)
  const version = await latestVersion(concerto.app, id, coordinator)
  return { id, bundle: await exportFhir(concerto.app, id, version, coordinator) }
}

describe('FHIR import of a TDDUI/CDS bundle', () => {
  it.each(DEMO_SITUATIONS)('export → import → export gives the same plan content for %s (ids aside)', async (situationId) => {
    const yanis = situationId === 'yanis' ? await loginCookie(concerto.app, 'yanis@demo.test') : null
    if (situationId === 'madame-b') {
      // Part 1 of the plan: the identity travels on the Patient.
      await concerto.identities.put({ situationId, data: { ...emptyIdentity('Madame Berthe B'), birthDate: '1959-04-12', phone: '02 47 00 00 00', address: '3 rue des Tilleuls, 37300 Joué-lès-Tours' }, updatedAt: new Date().toISOString(), updatedBy: 'test' })
    }
    const version = await latestVersion(concerto.app, situationId, coordinator)
    if (yanis) await jsonPost(concerto.app, `/api/situations/yanis/versions/${version}/agreement`, { status: 'agreed' }, yanis)
    const first = await exportFhir(concerto.app, situationId, version, coordinator)
    const { id, bundle: second } = await importAndExport(first)
    expect(id).not.toBe(situationId)
    const before = content(first, 'Claire Martin')
    const after = content(second, 'Claire Martin')
    expect(after).toEqual(before)
    // Not a vacuous equality: the plan had content to carry.
    expect(before.goals.length).toBeGreaterThan(1)
    expect(before.actions.length).toBeGreaterThan(2)
    expect(before.members.length).toBeGreaterThan(1)
    expect(before.assessment.length).toBeGreaterThan(2)
    if (situationId === 'madame-b') expect(before.identity).toEqual({ birthDate: '1959-04-12', phone: '02 47 00 00 00', address: '3 rue des Tilleuls, 37300 Joué-lès-Tours' })

    // The circle came in as members without accounts; the importer coordinates.
    const members = await concerto.situations.activeMembers(id)
    expect(members.filter((m) => m.userId !== null).map((m) => m.role)).toEqual(['coordinator'])
    // Everyone of the circle but the person (who is the Patient), the former coordinator included.
    expect(members.filter((m) => m.userId === null).length).toBe(before.members.length + 1)
    expect((await concerto.audit.forSituation(id)).some((row) => row.action === 'situation.import')).toBe(true)
  }, 90_000)

  it('carries the person’s section: life project, expectations and views', async () => {
    const version = await latestVersion(concerto.app, 'yanis', coordinator)
    const first = await exportFhir(concerto.app, 'yanis', version, coordinator)
    const plan = readBundle(first)
    expect(plan.person.lifeProject.length + plan.person.sections.length).toBeGreaterThan(0)
    expect(plan.goals.some((g) => g.view !== null)).toBe(true)
    const { bundle: second } = await importAndExport(first)
    expect(readBundle(second).person).toEqual(plan.person)
  }, 90_000)

  describe('refuses a bad bundle with 400 naming the first problem, and creates nothing', () => {
    const mutated = async (change: (bundle: fhir4.Bundle) => void) => {
      const version = await latestVersion(concerto.app, 'madame-b', coordinator)
      const bundle = structuredClone(await exportFhir(concerto.app, 'madame-b', version, coordinator))
      change(bundle)
      return bundle
    }
    const refused = async (body: unknown, expected: RegExp) => {
      const situations = await concerto.situations.count()
      const members = await countOf(concerto.sql, sql`SELECT count(*) FROM members`)
      const response = await jsonPost(concerto.app, '/api/situations/import', body, coordinator)
      const answer = (await response.json()) as { error: string }
      expect(response.status, answer.error).toBe(400)
      expect(answer.error).toMatch(expected)
      expect(await concerto.situations.count()).toBe(situations)
      expect(await countOf(concerto.sql, sql`SELECT count(*) FROM members`)).toBe(members)
    }
    const goal = (bundle: fhir4.Bundle) => resourcesOf(bundle, 'Goal')[0]!

    it('a broken reference', async () => {
      await refused(await mutated((b) => (goal(b).subject.reference = 'urn:uuid:00000000-0000-4000-8000-000000000000')), /broken reference/)
    })
    it('a reference to something outside the bundle', async () => {
      await refused(await mutated((b) => (goal(b).subject.reference = 'Patient/123')), /broken reference Patient\/123/)
    })
    it('a wrong code', async () => {
      await refused(await mutated((b) => ((goal(b) as { lifecycleStatus: string }).lifecycleStatus = 'sometime')), /lifecycleStatus.*allowed values/)
    })
    it('a SERAFIN-PH code outside the value set the guide binds', async () => {
      await refused(
        await mutated((b) => (resourcesOf(b, 'ServiceRequest').find((r) => r.category)!.category = [{ coding: [{ system: 'https://smt.esante.gouv.fr/terminologie-SERAFINPH', code: '1.1.99' }] }])),
        /SERAFIN-PH needs value set/,
      )
    })
    it('a missing required element of R4', async () => {
      await refused(await mutated((b) => delete (goal(b) as Partial<fhir4.Goal>).description), /description/)
    })
    it('a missing required slice of the TDDUI profile', async () => {
      await refused(await mutated((b) => (goal(b).note = goal(b).note!.filter((n) => n.text !== goal(b).description.text))), /titreObjectif/)
    })
    it('an identifier whose value breaks the guide’s pattern', async () => {
      await refused(await mutated((b) => (resourcesOf(b, 'Task')[0]!.identifier![0]!.value = '3000000000/ab-cd-ACTI-1')), /ACTI/)
    })
    it('an entry that is not a POST', async () => {
      await refused(await mutated((b) => (b.entry![0]!.request!.method = 'PUT')), /expected POST/)
    })
    it('a bundle without a CarePlan', async () => {
      await refused(await mutated((b) => (b.entry = b.entry!.filter((e) => e.resource?.resourceType !== 'CarePlan'))), /CarePlan|broken reference/)
    })
    it('a title longer than a situation title may be', async () => {
      await refused(await mutated((b) => (resourcesOf(b, 'CarePlan')[0]!.title = 'x'.repeat(201))), /CarePlan.title: longer than 200/)
    })
    it('something that is not a bundle, or not JSON', async () => {
      await refused({ resourceType: 'Patient' }, /Bundle/)
      await refused('{"resourceType": "Bundle", ', /malformed JSON/)
    })
  })

  it('needs a session', async () => {
    const response = await concerto.app.request('/api/situations/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(response.status).toBe(401)
  })
})
