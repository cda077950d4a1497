import type * as fhir4 from 'fhir/r4'
import { ASSESSMENT_DOMAINS, type AssessmentDomain } from '../../../shared/schema/roots.ts'
import { PLAN_KINDS, ROLES, SECTORS, type PlanKind, type Role, type Sector } from '../../../shared/domain/roles.ts'
import { ACTION_SECTORS, type ActionSector, type ActionStatus, type GoalStatus } from '../../../shared/schema/plan.ts'
import type { SituationStage } from '../../../shared/domain/situation-fields.ts'
import { FR } from '../labels-fr.ts'
import { CODE_SYSTEM, EXTENSION, PROFILE, rowIdOf } from './profiles.ts'
import { DOMAIN_BLOCK, TASK_STATUS } from './bundle.ts'
import { afterPrefix, parseViewText, PREFIX } from './text-codes.ts'
import type { FhirView } from './model.ts'
import { isSerafinNeedCode } from '../../../shared/domain/serafin-ph.ts'

/**
 * A validated TDDUI/CDS bundle read back into what a new situation needs:
 * the plan, the circle (members without accounts) and the person's section.
 * Members, goals and owners are keyed by their bundle fullUrl; the import
 * gives them new ids. Pure; throws BundleReadError for what the validators
 * let through but a plan cannot do without (no CarePlan, two patients…).
 */
export interface ImportedPlan {
  title: string
  kind: PlanKind
  personName: string
  reviewDate: string | null
  stage: Exclude<SituationStage, 'closed'>
  members: { key: string; name: string; role: Role; sector: Sector | null; organisation: string; profession: string; mission: string; contact: string }[]
  assessment: { domain: AssessmentDomain; text: string; codes: string[] }[]
  healthDetail: string | null
  goals: { key: string; title: string; domain: AssessmentDomain | null; expectedResult: string; dueDate: string | null; status: GoalStatus; view: FhirView | null }[]
  actions: {
    title: string
    goalKey: string | null
    owner: { memberKey: string } | { organisation: string } | null
    sector: ActionSector | null
    start: string | null
    dueDate: string | null
    frequency: string | null
    status: ActionStatus
    view: FhirView | null
  }[]
  unmet: { need: string; targetAnswer: string; alternativeAnswer: string; needCodes: string[] }[]
  person: { lifeProject: string; sections: { key: string; text: string }[]; expectations: string }
  identity: { birthDate: string | null; phone: string; address: string }
}

export class BundleReadError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`)
  }
}

const codeIn = (concept: fhir4.CodeableConcept | undefined, system: string): string | undefined => concept?.coding?.find((c) => c.system === system)?.code
const codesIn = (concept: fhir4.CodeableConcept | undefined, system: string): string[] => concept?.coding?.filter((c) => c.system === system && c.code).map((c) => c.code!) ?? []
/** SERAFIN-PH need codes of the ANS value set only: the plan's coded needs never hold a code the pickers do not offer. */
const needCodesIn = (concept: fhir4.CodeableConcept | undefined): string[] => codesIn(concept, CODE_SYSTEM.serafin).filter(isSerafinNeedCode)
const hasProfile = (resource: fhir4.FhirResource, profile: string) => resource.meta?.profile?.includes(profile) ?? false
const discriminated = (notes: fhir4.Annotation[] | undefined, code: string) =>
  notes?.find((note) => note.extension?.some((e) => e.url === EXTENSION.discriminator && e.valueCodeableConcept?.coding?.some((c) => c.code === code)))
const nameOf = (names: fhir4.HumanName[] | undefined): string => {
  const name = names?.find((n) => n.use === 'official') ?? names?.[0]
  return (name?.text ?? [...(name?.given ?? []), name?.family].filter(Boolean).join(' ')).trim()
}
const fromLabel = (text: string | undefined, label: string): string => (text === undefined || text === label ? '' : text)
const domainFromBlock = (codes: string[]): AssessmentDomain | null =>
  (Object.entries(DOMAIN_BLOCK).find(([, block]) => codes.some((code) => code === block || code.startsWith(`${block}.`)))?.[0] as AssessmentDomain | undefined) ?? null
const GOAL_FROM_FHIR = (goal: fhir4.Goal): GoalStatus => {
  if (goal.lifecycleStatus === 'cancelled' || goal.lifecycleStatus === 'rejected') return 'dropped'
  if (goal.lifecycleStatus === 'completed') return codeIn(goal.achievementStatus, CODE_SYSTEM.goalAchievement) === 'achieved' ? 'achieved' : 'unmet'
  return 'open'
}
const TASK_FROM_FHIR = Object.fromEntries(Object.entries(TASK_STATUS).map(([ours, theirs]) => [theirs, ours])) as Record<string, ActionStatus>

export function readBundle(bundle: fhir4.Bundle): ImportedPlan {
  const entries = (bundle.entry ?? []).map((entry) => ({ urn: entry.fullUrl!, resource: entry.resource as fhir4.FhirResource }))
  const byUrn = new Map(entries.map((e) => [e.urn, e.resource]))
  const of = <T extends fhir4.FhirResource['resourceType']>(type: T) =>
    entries.filter((e) => e.resource.resourceType === type) as { urn: string; resource: Extract<fhir4.FhirResource, { resourceType: T }> }[]
  const one = <T extends fhir4.FhirResource['resourceType']>(type: T, profile: string) => {
    const found = of(type).filter((e) => hasProfile(e.resource, profile))
    if (found.length !== 1) throw new BundleReadError(`Bundle.entry.where(resource is ${type})`, `expected exactly one ${type} with profile ${profile}, found ${found.length}`)
    return found[0]!
  }
  const carePlan = one('CarePlan', PROFILE.carePlan).resource
  const patient = one('Patient', PROFILE.patient).resource
  const careTeam = of('CareTeam').find((e) => hasProfile(e.resource, PROFILE.careTeam))?.resource

  const organisationName = (ref: fhir4.Reference | undefined): string => {
    const target = ref?.reference ? byUrn.get(ref.reference) : undefined
    return (target?.resourceType === 'Organization' ? target.name : ref?.display) ?? ''
  }
  const members: ImportedPlan['members'] = []
  for (const participant of careTeam?.participant ?? []) {
    const key = participant.member?.reference
    const target = key ? byUrn.get(key) : undefined
    if (!key || !target) continue
    const roleCode = participant.role?.map((r) => codeIn(r, CODE_SYSTEM.concertoRole)).find(Boolean) as Role | undefined
    const mission = participant.role?.map((r) => afterPrefix(r.text, PREFIX.mission)).find((m) => m !== null) ?? ''
    if (target.resourceType === 'RelatedPerson') {
      const role = roleCode === 'legalRepresentative' || target.relationship?.some((r: fhir4.CodeableConcept) => codeIn(r, 'http://terminology.hl7.org/CodeSystem/v3-RoleCode') === 'GUARD') ? 'legalRepresentative' : 'relative'
      members.push({ key, name: nameOf(target.name) || '—', role, sector: null, organisation: '', profession: '', mission, contact: target.telecom?.[0]?.value ?? '' })
    } else if (target.resourceType === 'PractitionerRole') {
      const practitioner = target.practitioner?.reference ? byUrn.get(target.practitioner.reference) : undefined
      const name = (practitioner?.resourceType === 'Practitioner' ? nameOf(practitioner.name) : '') || target.practitioner?.display || participant.member?.display || '—'
      const sector = codeIn(target.specialty?.[0], CODE_SYSTEM.concertoSector) as Sector | undefined
      // The importer becomes the coordinator; the former coordinator stays in the circle as a professional.
      const role: Role = roleCode && ROLES.includes(roleCode) && roleCode !== 'coordinator' && roleCode !== 'person' ? roleCode : 'professional'
      const professionText = target.code?.[0]?.text ?? ''
      const profession = roleCode && professionText === FR.role[roleCode] ? '' : professionText
      members.push({ key, name, role, sector: sector && SECTORS.includes(sector) ? sector : null, organisation: organisationName(target.organization), profession, mission, contact: target.telecom?.[0]?.value ?? '' })
    } else if (target.resourceType === 'Organization') {
      members.push({ key, name: target.name ?? '—', role: 'professional', sector: null, organisation: target.name ?? '', profession: '', mission, contact: target.telecom?.[0]?.value ?? '' })
    }
  }

  const assessment: ImportedPlan['assessment'] = []
  const unmet: ImportedPlan['unmet'] = []
  let healthDetail: string | null = null
  for (const { resource } of of('ServiceRequest').filter((e) => hasProfile(e.resource, PROFILE.besoin))) {
    const ours = codeIn(resource.code, CODE_SYSTEM.concertoNeed)
    const codes = needCodesIn(resource.code)
    const domain = ours?.startsWith('assessment.') ? (ours.slice('assessment.'.length) as AssessmentDomain) : null
    if (domain && ASSESSMENT_DOMAINS.includes(domain)) {
      assessment.push({ domain, text: fromLabel(resource.code?.text, FR.domain[domain]), codes })
      if (domain === 'health') healthDetail = resource.orderDetail?.[0]?.text ?? null
    } else {
      const category = needCodesIn(resource.category?.[0])
      unmet.push({
        need: fromLabel(resource.code?.text, '—'),
        targetAnswer: resource.note?.map((n) => afterPrefix(n.text, PREFIX.targetAnswer)).find((t) => t !== null) ?? '',
        alternativeAnswer: resource.note?.map((n) => afterPrefix(n.text, PREFIX.alternativeAnswer)).find((t) => t !== null) ?? '',
        needCodes: [...new Set([...category, ...codes])],
      })
    }
  }

  const goals: ImportedPlan['goals'] = of('Goal')
    .filter((e) => hasProfile(e.resource, PROFILE.goalObjectif))
    .map(({ urn, resource }) => {
      const category = resource.category?.[0]
      const ours = codeIn(category, CODE_SYSTEM.concertoDomain) as AssessmentDomain | undefined
      const viewNote = discriminated(resource.note, 'avisUsagerObjectif')
      return {
        key: urn,
        title: fromLabel(discriminated(resource.note, 'titreObjectif')?.text ?? resource.description?.text, '—'),
        domain: ours && ASSESSMENT_DOMAINS.includes(ours) ? ours : domainFromBlock(codesIn(category, CODE_SYSTEM.serafin)),
        expectedResult: resource.target?.find((t) => t.detailString)?.detailString ?? '',
        dueDate: resource.target?.find((t) => t.dueDate)?.dueDate ?? null,
        status: GOAL_FROM_FHIR(resource),
        view: viewNote?.text ? parseViewText(viewNote.text, viewNote.time) : null,
      }
    })
  const goalKeys = new Set(goals.map((g) => g.key))
  const memberKeys = new Set(members.map((m) => m.key))

  const input = (task: fhir4.Task, code: string) => task.input?.find((i) => codeIn(i.type, CODE_SYSTEM.taskActionInput) === code)
  const actions: ImportedPlan['actions'] = of('Task')
    .filter((e) => hasProfile(e.resource, PROFILE.taskAction))
    .map(({ resource }) => {
      const goalRef = input(resource, 'objectif')?.valueReference?.reference
      const ownerRef = resource.owner?.reference
      const ownerTarget = ownerRef ? byUrn.get(ownerRef) : undefined
      const owner = ownerRef && memberKeys.has(ownerRef)
        ? { memberKey: ownerRef }
        : ownerTarget?.resourceType === 'Patient'
          ? { organisation: nameOf(ownerTarget.name) }
          : resource.owner?.display
            ? { organisation: resource.owner.display }
            : null
      const sector = codeIn(resource.code, CODE_SYSTEM.concertoSector) as ActionSector | undefined
      const avis = input(resource, 'avisUsager')?.valueString
      return {
        title: fromLabel(input(resource, 'titre')?.valueString ?? resource.description, '—'),
        goalKey: goalRef && goalKeys.has(goalRef) ? goalRef : null,
        owner,
        sector: sector && ACTION_SECTORS.includes(sector) ? sector : null,
        start: resource.executionPeriod?.start?.slice(0, 10) ?? null,
        dueDate: resource.executionPeriod?.end?.slice(0, 10) ?? null,
        frequency: resource.note?.map((n) => afterPrefix(n.text, PREFIX.frequency)).find((f) => f !== null) ?? null,
        status: TASK_FROM_FHIR[resource.status] ?? 'todo',
        view: avis ? parseViewText(avis, undefined) : null,
      }
    })

  const person: ImportedPlan['person'] = { lifeProject: '', sections: [], expectations: '' }
  for (const { resource } of of('Goal')) {
    if (hasProfile(resource, PROFILE.goalAttente)) person.expectations = [person.expectations, resource.description?.text ?? ''].filter(Boolean).join('\n')
    if (hasProfile(resource, PROFILE.goalProjetVie)) {
      const key = rowIdOf('projetVie', resource.identifier?.[0]?.value) ?? 'lifeProject'
      const text = resource.target?.find((t) => t.detailString)?.detailString ?? ''
      if (key === 'lifeProject') person.lifeProject = text
      else if (/^[a-zA-Z]+\.(hope|tried)$/.test(key)) person.sections.push({ key, text })
    }
  }

  const kind = PLAN_KINDS.find((k) => carePlan.description?.startsWith(FR.kind[k])) ?? 'ppcs'
  // The same bounds as POST /api/situations.
  const title = (carePlan.title ?? '').trim() || 'Plan importé'
  if (title.length > 200) throw new BundleReadError('CarePlan.title', 'longer than 200 characters')
  const personName = nameOf(patient.name)
  if (personName.length > 200) throw new BundleReadError('Patient.name', 'longer than 200 characters')
  return {
    title,
    kind,
    personName,
    reviewDate: carePlan.period?.end?.slice(0, 10) ?? null,
    stage: carePlan.status === 'draft' ? 'preparation' : 'validated',
    members,
    assessment,
    healthDetail,
    goals,
    actions,
    unmet,
    person,
    identity: { birthDate: patient.birthDate ?? null, phone: patient.telecom?.find((t) => t.system === 'phone')?.value ?? '', address: patient.address?.[0]?.text ?? '' },
  }
}
