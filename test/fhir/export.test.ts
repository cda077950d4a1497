import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, loginCookie } from '../helpers/app.ts'
import { checkBundleShape } from '../../server/export/fhir/validate/bundle-shape.ts'
import { checkSchema } from '../../server/export/fhir/validate/schema.ts'
import { checkStructure } from '../../server/export/fhir/validate/structure.ts'
import { checkRules, RULES } from '../../server/export/fhir/validate/rules.ts'
import { identifierValue, IDENTIFIER, DEFAULT_FINESS, PROFILE } from '../../server/export/fhir/profiles.ts'
import { viewText } from '../../server/export/fhir/text-codes.ts'
import { docFromState } from '../../server/domain/compare.ts'
import { readActions, readGoals, readUnmet } from '../../shared/schema/plan.ts'
import { healthRoots, personRoots, readView } from '../../shared/schema/person.ts'
import { richTextToPlain } from '../../shared/editor/fragment.ts'
import { DEMO_SITUATIONS, exportFhir, jsonPost, latestVersion, resourcesOf, textOf } from './helpers.ts'

let concerto: Awaited<ReturnType<typeof createTestApp>>
let coordinator: string
beforeAll(async () => {
  concerto = await createTestApp()
  coordinator = await loginCookie(concerto.app, 'coordination@demo.test')
})
afterAll(async () => concerto.dispose())

/** The version's own documents, read straight from storage: what the bundle must carry. */
async function versionDocs(versionId: string) {
  const parts = await concerto.versions.parts(versionId)
  return { plan: docFromState(parts.plan!), person: docFromState(parts.person!), health: docFromState(parts.health!) }
}

describe('FHIR export of a validated version', () => {
  it.each(DEMO_SITUATIONS)('the latest version of %s passes the bundle checks, the R4 schema, Medplum and the TDDUI/CDS rules with 0 errors', async (situationId) => {
    const version = await latestVersion(concerto.app, situationId, coordinator)
    const bundle = await exportFhir(concerto.app, situationId, version, coordinator)
    expect(bundle.resourceType).toBe('Bundle')
    expect(bundle.type).toBe('transaction')
    expect(checkBundleShape(bundle)).toEqual([])
    expect(await checkSchema(bundle)).toEqual([])
    expect(await checkStructure(bundle)).toEqual([])
    expect(await checkRules(bundle)).toEqual([])
    // The rule pack did run: every TDDUI/CDS profile it knows is claimed by at least one resource of the bundle.
    const claimed = new Set(bundle.entry!.flatMap((e) => e.resource?.meta?.profile ?? []))
    for (const profile of [PROFILE.patient, PROFILE.careTeam, PROFILE.carePlan, PROFILE.goalObjectif, PROFILE.besoin, PROFILE.taskAction, PROFILE.consentAccord]) {
      expect(claimed, profile).toContain(profile)
      expect(RULES.some((rule) => rule.profile === profile), profile).toBe(true)
    }
    for (const entry of bundle.entry!) {
      expect(entry.request).toEqual({ method: 'POST', url: entry.resource!.resourceType })
      expect(entry.fullUrl).toMatch(/^urn:uuid:/)
    }
  }, 60_000)

  it('carries every goal, action, unmet need, member, view and the agreement of the version (Yanis, PAG)', async () => {
    const yanis = await loginCookie(concerto.app, 'yanis@demo.test')
    const meeting = await jsonPost(concerto.app, '/api/situations/yanis/meetings', { kind: 'gos', startsAt: '2026-11-25T09:30:00.000Z', title: 'GOS de Yanis' }, coordinator)
    expect(meeting.status).toBe(201)
    const created = await jsonPost(concerto.app, '/api/situations/yanis/versions', { label: 'GOS de décembre' }, coordinator)
    const versionId = ((await created.json()) as { id: string }).id
    expect((await jsonPost(concerto.app, `/api/situations/yanis/versions/${versionId}/agreement`, { status: 'agreed', comment: 'Je suis d’accord' }, yanis)).status).toBe(201)
    const bundle = await exportFhir(concerto.app, 'yanis', versionId, coordinator)
    const { plan, person } = await versionDocs(versionId)
    const value = (kind: keyof typeof IDENTIFIER, rowId: string) => identifierValue(kind, DEFAULT_FINESS, 'yanis', rowId)

    const goals = resourcesOf(bundle, 'Goal').filter((g) => g.meta?.profile?.includes(PROFILE.goalObjectif))
    const liveGoals = readGoals(plan).filter((g) => g.deletedAt === null)
    expect(liveGoals.length).toBeGreaterThan(0)
    expect(goals).toHaveLength(liveGoals.length)
    for (const goal of liveGoals) {
      const found = goals.find((g) => g.identifier?.[0]?.value === value('objectif', goal.id))
      expect(found, goal.title).toBeDefined()
      expect(found!.description.text).toBe(goal.title)
      if (goal.expectedResult) expect(found!.target?.[0]?.detailString).toBe(goal.expectedResult)
      const view = readView(person, goal.id)
      if (view) expect(found!.note?.map((n) => n.text)).toContain(viewText(view))
    }
    const tasks = resourcesOf(bundle, 'Task')
    const liveActions = readActions(plan).filter((a) => a.deletedAt === null)
    expect(tasks).toHaveLength(liveActions.length)
    for (const action of liveActions) {
      const found = tasks.find((t) => t.identifier?.[0]?.value === value('action', action.id))
      expect(found, action.title).toBeDefined()
      expect(found!.input?.find((i) => i.type.coding?.[0]?.code === 'titre')?.valueString).toBe(action.title)
      const view = readView(person, action.id)
      if (view) expect(found!.input?.find((i) => i.type.coding?.[0]?.code === 'avisUsager')?.valueString).toBe(viewText(view))
    }
    const needs = resourcesOf(bundle, 'ServiceRequest')
    const liveUnmet = readUnmet(plan).filter((u) => u.deletedAt === null)
    expect(liveUnmet.length).toBeGreaterThan(0)
    for (const unmet of liveUnmet) {
      const found = needs.find((n) => n.identifier?.[0]?.value === value('besoin', unmet.id))
      expect(found, unmet.need).toBeDefined()
      expect(found!.code?.text).toBe(unmet.need)
    }
    const views = [...personRoots(person).views.keys()]
    expect(views.length).toBeGreaterThan(0)
    const text = textOf(bundle)
    for (const member of await concerto.situations.activeMembers('yanis')) {
      if (member.role === 'person') expect(resourcesOf(bundle, 'Patient')[0]!.name?.[0]?.text).toBe((await concerto.situations.situationById('yanis'))!.personName)
      else expect(text, member.name).toContain(JSON.stringify(member.name))
    }
    const participants = resourcesOf(bundle, 'CareTeam')[0]!.participant!
    expect(participants).toHaveLength((await concerto.situations.activeMembers('yanis')).filter((m) => m.role !== 'person').length)
    const consents = resourcesOf(bundle, 'Consent')
    const patientUrn = bundle.entry!.find((e) => e.resource?.resourceType === 'Patient')!.fullUrl
    const personConsent = consents.find((c) => c.performer?.[0]?.reference === patientUrn)
    expect(personConsent?.status).toBe('active')
    const carePlan = resourcesOf(bundle, 'CarePlan')[0]!
    expect(carePlan.supportingInfo?.map((s) => s.extension?.[0]?.valueCodeableConcept?.coding?.[0]?.code)).toEqual(['accordStructure', 'accordUsager'])
    expect(carePlan.identifier?.[0]?.value).toBe(value('carePlan', versionId))
    // Each meeting up to the version is an Encounter, and the whole bundle still passes every check.
    const meetings = await concerto.meetings.list('yanis')
    const encounters = resourcesOf(bundle, 'Encounter')
    expect(meetings.length).toBeGreaterThan(0)
    for (const m of meetings) expect(encounters.some((e) => e.identifier?.[0]?.value === value('evenement', m.id)), m.title).toBe(true)
    expect([...checkBundleShape(bundle), ...(await checkSchema(bundle)), ...(await checkStructure(bundle)), ...(await checkRules(bundle))]).toEqual([])
    // The PDF travels as a DocumentReference.
    const pdf = resourcesOf(bundle, 'DocumentReference')[0]!.content[0]!.attachment
    expect(pdf.contentType).toBe('application/pdf')
    expect(Buffer.from(pdf.data!, 'base64').subarray(0, 5).toString()).toBe('%PDF-')
  }, 60_000)

  it('replaces the CarePlan of the previous version, named by its identifier', async () => {
    const versions = (await (await concerto.app.request('/api/situations/monsieur-x/versions', { headers: { cookie: coordinator } })).json()) as { id: string }[]
    expect(versions.length).toBeGreaterThan(1)
    const bundle = await exportFhir(concerto.app, 'monsieur-x', versions[0]!.id, coordinator)
    const carePlan = resourcesOf(bundle, 'CarePlan')[0]!
    expect(carePlan.replaces).toEqual([{ type: 'CarePlan', identifier: { system: IDENTIFIER.carePlan.system, value: identifierValue('carePlan', DEFAULT_FINESS, 'monsieur-x', versions[1]!.id) } }])
  }, 60_000)

  it('gives the health detail and the person’s section only to those who may read them', async () => {
    const created = await jsonPost(concerto.app, '/api/situations/monsieur-x/versions', { label: 'Revue' }, coordinator)
    const versionId = ((await created.json()) as { id: string }).id
    const { health, person } = await versionDocs(versionId)
    const healthText = richTextToPlain(healthRoots(health).notes).trim()
    const personView = [...personRoots(person).views.values()][0] as { comment: string } | undefined
    expect(healthText.length).toBeGreaterThan(10)
    expect(personView?.comment).toBeTruthy()

    const full = textOf(await exportFhir(concerto.app, 'monsieur-x', versionId, coordinator))
    expect(full).toContain(JSON.stringify(healthText))
    expect(full).toContain(personView!.comment)

    // A social worker outside the care team reads the person's section, not the health detail.
    const social = textOf(await exportFhir(concerto.app, 'monsieur-x', versionId, await loginCookie(concerto.app, 'social@demo.test')))
    expect(social).not.toContain(JSON.stringify(healthText))
    expect(social).not.toContain(healthText.slice(0, 30))
    expect(social).toContain(personView!.comment)

    // An observer reads neither.
    const observerBundle = await exportFhir(concerto.app, 'monsieur-x', versionId, await loginCookie(concerto.app, 'observateur@demo.test'))
    const observer = textOf(observerBundle)
    expect(observer).not.toContain(healthText.slice(0, 30))
    expect(observer).not.toContain(personView!.comment)
    expect(resourcesOf(observerBundle, 'Goal').some((g) => g.meta?.profile?.includes(PROFILE.goalProjetVie))).toBe(false)
    // Nor does the embedded PDF: it is the observer's PDF, rendered without the person's part.
    expect(await checkRules(observerBundle)).toEqual([])
  }, 60_000)

  it('answers 404 to a non-member, 401 without a session, and records the export in the audit trail', async () => {
    const version = await latestVersion(concerto.app, 'madame-b', coordinator)
    const stranger = await loginCookie(concerto.app, 'yanis@demo.test')
    expect((await concerto.app.request(`/api/situations/madame-b/versions/${version}/fhir`, { headers: { cookie: stranger } })).status).toBe(404)
    expect((await concerto.app.request(`/api/situations/madame-b/versions/${version}/fhir`)).status).toBe(401)
    expect((await concerto.app.request(`/api/situations/madame-b/versions/nope/fhir`, { headers: { cookie: coordinator } })).status).toBe(404)
    await exportFhir(concerto.app, 'madame-b', version, coordinator)
    expect((await concerto.audit.forSituation('madame-b', 10)).some((row) => row.action === 'export.fhir' && row.target === version)).toBe(true)
  }, 60_000)
})

