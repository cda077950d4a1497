import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as fhir4 from 'fhir/r4'
import { createTestApp, loginCookie } from '../helpers/app.ts'
import { checkRules, RULES } from '../../server/export/fhir/validate/rules.ts'
import { DEMO_SITUATIONS, exportFhir, jsonPost, latestVersion } from './helpers.ts'

/** Rules that bound a count from above or constrain every item: an empty resource satisfies them. */
const HOLD_ON_EMPTY = new Set(['besoin-category-value-set', 'careplan-supportinginfo-discriminated', 'careplan-note', 'objectif-view-note', 'objectif-notes-discriminated', 'besoin-category-serafin', 'action-goal-input', 'evenement-type-text', 'careteam-participant'])

const RESOURCE_TYPE: Record<string, fhir4.FhirResource['resourceType']> = {
  'tddui-patient': 'Patient',
  'tddui-careplan-projet-personnalise': 'CarePlan',
  'tddui-goal-objectif': 'Goal',
  'tddui-goal-attente': 'Goal',
  'tddui-goal-projet-vie': 'Goal',
  'tddui-service-request-besoin': 'ServiceRequest',
  'tddui-task-action': 'Task',
  'tddui-consent-accord': 'Consent',
  'tddui-encounter-evenement': 'Encounter',
  'cds-ihe-careteam': 'CareTeam',
  'cds-fr-related-person': 'RelatedPerson',
}

describe('the TDDUI/CDS FHIRPath rule pack', () => {
  it('names a profile element for each rule, and each rule that requires something fails on a resource that lacks everything', async () => {
    for (const rule of RULES) {
      expect(rule.element, rule.id).toMatch(/^[A-Z][A-Za-z]+\./)
      const type = RESOURCE_TYPE[rule.profile.split('/').pop()!]
      expect(type, rule.profile).toBeDefined()
      const bare = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: type, meta: { profile: [rule.profile] } } }] } as fhir4.Bundle
      const problems = await checkRules(bare, [rule])
      if (HOLD_ON_EMPTY.has(rule.id)) expect(problems, rule.id).toEqual([])
      else expect(problems.map((p) => p.message), rule.id).toEqual([expect.stringContaining(`[${rule.id}]`)])
    }
  })

  it('refuses what breaks a bound: two title notes, a second category, a non-SERAFIN category', async () => {
    const objectif = RULES.find((r) => r.id === 'objectif-title-note')!
    const disc = { url: 'https://interop.esante.gouv.fr/ig/fhir/tddui/StructureDefinition/tddui-discriminator', valueCodeableConcept: { coding: [{ system: 'https://interop.esante.gouv.fr/ig/fhir/tddui/CodeSystem/tddui-discriminator', code: 'titreObjectif' }] } }
    const twoTitles = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Goal', meta: { profile: [objectif.profile] }, note: [{ extension: [disc], text: 'a' }, { extension: [disc], text: 'b' }] } }] } as unknown as fhir4.Bundle
    expect(await checkRules(twoTitles, [objectif])).toHaveLength(1)
    const category = RULES.find((r) => r.id === 'besoin-category-serafin')!
    const request = (categories: unknown[]) => ({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'ServiceRequest', meta: { profile: [category.profile] }, category: categories } }] }) as unknown as fhir4.Bundle
    const serafin = (code: string) => ({ coding: [{ system: 'https://smt.esante.gouv.fr/terminologie-SERAFINPH', code }] })
    expect(await checkRules(request([serafin('1.3.3.2')]), [category])).toEqual([])
    expect(await checkRules(request([serafin('1.3.3.2'), serafin('1.1')]), [category])).toHaveLength(1)
    expect(await checkRules(request([serafin('autonomie')]), [category])).toHaveLength(1)
    // Well formed but not in the value set (the 2018 nomenclature stops at 1.1.10 for health needs).
    const valueSet = RULES.find((r) => r.id === 'besoin-category-value-set')!
    expect(await checkRules(request([serafin('1.3.3.2')]), [valueSet])).toEqual([])
    expect(await checkRules(request([serafin('1.1.99')]), [valueSet])).toHaveLength(1)
    expect(await checkRules(request([{ coding: [{ system: 'http://example.org', code: '1.1' }] }]), [category])).toHaveLength(1)
  })

  describe('on the demo exports', () => {
    let concerto: Awaited<ReturnType<typeof createTestApp>>
    beforeAll(async () => {
      concerto = await createTestApp()
    })
    afterAll(async () => concerto.dispose())

    it('every profile of the pack is claimed by some resource of the demo bundles, so every rule ran on real data', async () => {
      const cookie = await loginCookie(concerto.app, 'coordination@demo.test')
      const claimed = new Set<string>()
      // A meeting before the version, so the version has an Encounter.
      const meeting = await jsonPost(concerto.app, '/api/situations/madame-b/meetings', { kind: 'msp', startsAt: '2026-11-20T14:00:00.000Z', title: 'Concertation de novembre' }, cookie)
      expect(meeting.status).toBe(201)
      expect((await jsonPost(concerto.app, '/api/situations/madame-b/versions', { label: 'Après la concertation' }, cookie)).status).toBe(201)
      for (const id of DEMO_SITUATIONS) {
        const bundle = await exportFhir(concerto.app, id, await latestVersion(concerto.app, id, cookie), cookie)
        expect(await checkRules(bundle), id).toEqual([])
        for (const entry of bundle.entry ?? []) for (const profile of entry.resource?.meta?.profile ?? []) claimed.add(profile)
      }
      const unclaimed = [...new Set(RULES.map((r) => r.profile))].filter((p) => !claimed.has(p))
      expect(unclaimed).toEqual([])
    }, 60_000)
  })
})
