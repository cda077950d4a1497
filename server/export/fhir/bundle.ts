import { randomUUID } from 'node:crypto'
import type * as fhir4 from 'fhir/r4'
import { FR } from '../labels-fr.ts'
import type { ActionStatus, GoalStatus } from '../../../shared/schema/plan.ts'
import type { SituationStage } from '../../../shared/domain/situation-fields.ts'
import type { AssessmentDomain } from '../../../shared/schema/roots.ts'
import { CODE_SYSTEM, EXTENSION, IDENTIFIER, PROFILE, identifierValue, type IdentifierKind } from './profiles.ts'
import { circleEntries, dateOf, memberKey, validDate, validDateTime, type Entry, type Refs } from './circle.ts'
import { LIFE_PROJECT_LABEL, LIFE_SECTION_LABEL, PREFIX, viewText } from './text-codes.ts'
import type { FhirPlanModel } from './model.ts'

/** TDDUI: "ENPREPARATION → draft, ENCOURS → active, ENPAUSE → on-hold, TERMINE → completed". */
export const CARE_PLAN_STATUS: Record<SituationStage, fhir4.CarePlan['status']> = {
  preparation: 'draft',
  validated: 'active',
  followUp: 'active',
  toReview: 'active',
  closed: 'completed',
}
/** TDDUI objectif: "ENPREPARATION → planned, ACTIF → active, TERMINE → completed, ANNULE → cancelled"; the achievement tells achieved from unmet. */
export const GOAL_STATUS: Record<GoalStatus, { lifecycle: fhir4.Goal['lifecycleStatus']; achievement?: 'achieved' | 'not-achieved' }> = {
  open: { lifecycle: 'active' },
  achieved: { lifecycle: 'completed', achievement: 'achieved' },
  unmet: { lifecycle: 'completed', achievement: 'not-achieved' },
  dropped: { lifecycle: 'cancelled' },
}
export const TASK_STATUS: Record<ActionStatus, fhir4.Task['status']> = { todo: 'requested', doing: 'in-progress', done: 'completed', dropped: 'cancelled' }
export const ENCOUNTER_STATUS = { planned: 'planned', started: 'in-progress', ended: 'finished' } as const
export const CONSENT_STATUS = { agreed: 'active', notAgreed: 'rejected', pending: 'proposed' } as const

/** The three SERAFIN-PH blocks the assessment domains are; caregivers and environment have no block of their own. */
export const DOMAIN_BLOCK: Partial<Record<AssessmentDomain, string>> = { health: '1.1', autonomy: '1.2', participation: '1.3' }

const discriminator = (code: string): fhir4.Extension => ({
  url: EXTENSION.discriminator,
  valueCodeableConcept: { coding: [{ system: CODE_SYSTEM.discriminator, code }] },
})
/** gol-1: a target with a detail needs a measure; the expected result is prose, so the measure is "not applicable". */
const ABSENT_MEASURE: fhir4.CodeableConcept = { coding: [{ system: CODE_SYSTEM.dataAbsentReason, code: 'not-applicable', display: 'Not Applicable' }] }
const serafin = (code: string): fhir4.Coding => ({ system: CODE_SYSTEM.serafin, code })
const actionInput = (code: string): fhir4.CodeableConcept => ({ coding: [{ system: CODE_SYSTEM.taskActionInput, code }] })

export interface BundleOptions {
  uuid?: () => string
}

/**
 * The FHIR transaction Bundle of one validated version, in the TDDUI 2.4.0
 * and Cercle de soins 2.0.1 shapes. Pure: the model already holds only what
 * the reader may see.
 */
export function buildBundle(model: FhirPlanModel, { uuid = randomUUID }: BundleOptions = {}): fhir4.Bundle {
  const urns = new Map<string, string>()
  const refs: Refs = {
    urn(key) {
      let urn = urns.get(key)
      if (!urn) urns.set(key, (urn = `urn:uuid:${uuid()}`))
      return urn
    },
    ref: (key, display) => ({ reference: refs.urn(key), ...(display ? { display } : {}) }),
  }
  const { situation, finess } = model
  const identifier = (kind: IdentifierKind, rowId: string): fhir4.Identifier[] => [{ system: IDENTIFIER[kind].system, value: identifierValue(kind, finess, situation.id, rowId) }]
  const entries: Entry[] = circleEntries(model, refs)
  const add = (key: string, resource: fhir4.FhirResource) => entries.push({ fullUrl: refs.urn(key), resource })
  const memberRef = (memberId: string | null): fhir4.Reference | undefined => {
    const member = memberId ? model.members.find((m) => m.id === memberId) : undefined
    return member ? refs.ref(memberKey(member), member.name) : undefined
  }

  // Needs: one ServiceRequest per assessed domain, one per unmet goal.
  const needKey = (domain: AssessmentDomain) => `need:${domain}`
  for (const entry of model.assessment) {
    const codes = entry.codes
    const request: fhir4.ServiceRequest = {
      resourceType: 'ServiceRequest',
      meta: { profile: [PROFILE.besoin] },
      identifier: besoinIdentifier(identifier('besoin', `assessment.${entry.domain}`)),
      status: 'active',
      intent: 'plan',
      category: codes.length > 0 ? [{ coding: [serafin(codes[0]!)] }] : DOMAIN_BLOCK[entry.domain] ? [{ coding: [serafin(DOMAIN_BLOCK[entry.domain]!)] }] : undefined,
      code: { coding: [{ system: CODE_SYSTEM.concertoNeed, code: `assessment.${entry.domain}` }, ...codes.map(serafin)], text: entry.text || FR.domain[entry.domain] },
      // The clinical detail (health part) is the professionals' analysis of the health need, for those who may read it.
      orderDetail: entry.domain === 'health' && model.healthDetail ? [{ text: model.healthDetail }] : undefined,
      basedOn: [refs.ref('carePlan')],
      subject: refs.ref('patient'),
    }
    add(needKey(entry.domain), request)
  }
  for (const unmet of model.unmet) {
    const notes = [
      ...(unmet.targetAnswer ? [{ text: `${PREFIX.targetAnswer}${unmet.targetAnswer}` }] : []),
      ...(unmet.alternativeAnswer ? [{ text: `${PREFIX.alternativeAnswer}${unmet.alternativeAnswer}` }] : []),
    ]
    add(`unmet:${unmet.id}`, {
      resourceType: 'ServiceRequest',
      meta: { profile: [PROFILE.besoin] },
      identifier: besoinIdentifier(identifier('besoin', unmet.id)),
      status: 'active',
      intent: 'plan',
      category: unmet.needCodes.length > 0 ? [{ coding: [serafin(unmet.needCodes[0]!)] }] : undefined,
      code: { coding: [{ system: CODE_SYSTEM.concertoNeed, code: 'unmet' }, ...unmet.needCodes.map(serafin)], text: unmet.need || '—' },
      basedOn: [refs.ref('carePlan')],
      subject: refs.ref('patient'),
      note: notes.length > 0 ? notes : undefined,
    })
  }

  for (const goal of model.goals) {
    const status = GOAL_STATUS[goal.status]
    const target: fhir4.GoalTarget = {
      ...(goal.expectedResult ? { measure: ABSENT_MEASURE, detailString: goal.expectedResult } : {}),
      ...(validDate(goal.dueDate) ? { dueDate: goal.dueDate! } : {}),
    }
    const assessed = goal.domain && model.assessment.some((a) => a.domain === goal.domain)
    add(`goal:${goal.id}`, {
      resourceType: 'Goal',
      meta: { profile: [PROFILE.goalObjectif] },
      extension: [{ url: EXTENSION.carePlanRef, valueReference: refs.ref('carePlan') }],
      identifier: identifier('objectif', goal.id),
      lifecycleStatus: status.lifecycle,
      achievementStatus: status.achievement ? { coding: [{ system: CODE_SYSTEM.goalAchievement, code: status.achievement }] } : undefined,
      category: goal.domain
        ? [{ coding: [{ system: CODE_SYSTEM.concertoDomain, code: goal.domain }, ...(DOMAIN_BLOCK[goal.domain] ? [serafin(DOMAIN_BLOCK[goal.domain]!)] : [])], text: FR.domain[goal.domain] }]
        : undefined,
      description: { text: goal.title || '—' },
      subject: refs.ref('patient'),
      target: Object.keys(target).length > 0 ? [target] : undefined,
      addresses: assessed ? [refs.ref(needKey(goal.domain!))] : undefined,
      note: [
        { extension: [discriminator('titreObjectif')], text: goal.title || '—' },
        ...(goal.view ? [{ extension: [discriminator('avisUsagerObjectif')], text: viewText(goal.view), time: validDateTime(goal.view.at) }] : []),
      ],
    })
  }

  for (const action of model.actions) {
    const owner = action.owner === null ? undefined : 'memberId' in action.owner ? memberRef(action.owner.memberId) : { display: action.owner.organisation }
    add(`task:${action.id}`, {
      resourceType: 'Task',
      meta: { profile: [PROFILE.taskAction] },
      identifier: identifier('action', action.id),
      basedOn: [refs.ref('carePlan')],
      status: TASK_STATUS[action.status],
      intent: 'plan',
      code: action.sector ? { coding: [{ system: CODE_SYSTEM.concertoSector, code: action.sector }], text: FR.actionSector[action.sector] } : undefined,
      description: action.title || '—',
      for: refs.ref('patient'),
      owner,
      executionPeriod: validDate(action.start) || validDate(action.dueDate) ? { start: validDate(action.start), end: validDate(action.dueDate) } : undefined,
      input: [
        { type: actionInput('titre'), valueString: action.title || '—' },
        ...(action.view ? [{ type: actionInput('avisUsager'), valueString: viewText(action.view) }] : []),
        ...(action.goalId ? [{ type: actionInput('objectif'), valueReference: refs.ref(`goal:${action.goalId}`) }] : []),
      ],
      note: action.frequency ? [{ text: `${PREFIX.frequency}${action.frequency}` }] : undefined,
    })
  }

  if (model.person) {
    if (model.person.expectations) {
      add('expectations', {
        resourceType: 'Goal',
        meta: { profile: [PROFILE.goalAttente] },
        extension: [{ url: EXTENSION.carePlanRef, valueReference: refs.ref('carePlan') }],
        identifier: identifier('attente', 'expectations'),
        lifecycleStatus: 'active',
        description: { text: model.person.expectations },
        subject: refs.ref('patient'),
        expressedBy: refs.ref('patient'),
        note: [{ extension: [discriminator('origineAttente')], text: 'Usager' }],
      })
    }
    const lifeProjects = [
      ...(model.person.lifeProject ? [{ key: 'lifeProject', label: LIFE_PROJECT_LABEL, text: model.person.lifeProject }] : []),
      ...model.person.sections.map((section) => ({ key: section.key, label: LIFE_SECTION_LABEL[section.key] ?? section.key, text: section.text })),
    ]
    for (const project of lifeProjects) {
      add(`life:${project.key}`, {
        resourceType: 'Goal',
        meta: { profile: [PROFILE.goalProjetVie] },
        identifier: identifier('projetVie', project.key),
        lifecycleStatus: 'active',
        description: { text: project.label },
        subject: refs.ref('patient'),
        target: [{ measure: ABSENT_MEASURE, detailString: project.text }],
      })
    }
  }

  // Agreements: the structure's (the validation of the version) is required by the profile; the person's when given.
  const consent = (status: fhir4.Consent['status'], performer: fhir4.Reference, dateTime: string): fhir4.Consent => ({
    resourceType: 'Consent',
    meta: { profile: [PROFILE.consentAccord] },
    status,
    scope: { coding: [{ system: CODE_SYSTEM.consentScope, code: 'treatment' }] },
    category: [{ coding: [{ system: CODE_SYSTEM.loinc, code: '59284-0', display: 'Patient Consent' }] }],
    patient: refs.ref('patient'),
    dateTime,
    performer: [performer],
    policyRule: { coding: [{ system: CODE_SYSTEM.actCode, code: 'OPTIN' }] },
  })
  add('consent:structure', consent('active', memberRef(model.version.createdByMemberId) ?? refs.ref('careTeam'), model.version.createdAt))
  if (model.agreement) add('consent:person', consent(CONSENT_STATUS[model.agreement.status], memberRef(model.agreement.memberId) ?? refs.ref('patient'), model.agreement.at))

  for (const meeting of model.meetings) {
    const start = validDateTime(meeting.startsAt)
    if (!start) continue
    add(`meeting:${meeting.id}`, {
      resourceType: 'Encounter',
      meta: { profile: [PROFILE.encounterEvenement] },
      identifier: identifier('evenement', meeting.id),
      status: ENCOUNTER_STATUS[meeting.status],
      class: { system: CODE_SYSTEM.actCode, code: 'AMB', display: 'ambulatory' },
      type: [
        {
          coding: [{ system: CODE_SYSTEM.dataAbsentReason, code: 'not-permitted', display: 'Not Permitted' }],
          text: meeting.title ? `${FR.meetingKind[meeting.kind]} — ${meeting.title}` : FR.meetingKind[meeting.kind],
        },
      ],
      subject: refs.ref('patient'),
      participant: meeting.inviteeMemberIds
        .map((id) => model.members.find((m) => m.id === id))
        .filter((m) => m !== undefined && m.role !== 'person')
        .map((m) => ({ individual: refs.ref(memberKey(m!), m!.name) })),
      // A meeting not yet ended has no end time: its start stands for both, as the profile requires an end.
      period: { start, end: validDateTime(meeting.endedAt) ?? start },
    })
  }

  if (model.pdf) {
    add('document', {
      resourceType: 'DocumentReference',
      status: 'current',
      type: { coding: [{ system: CODE_SYSTEM.loinc, code: '18776-5', display: 'Plan of care note' }] },
      subject: refs.ref('patient'),
      date: model.version.createdAt,
      description: model.pdf.title,
      content: [{ attachment: { contentType: 'application/pdf', language: 'fr', data: model.pdf.base64, title: model.pdf.title, creation: model.version.createdAt } }],
      context: { related: [refs.ref('carePlan')] },
    })
  }

  const reviewDate = validDate(model.reviewDate)
  const versionDate = dateOf(model.version.createdAt)
  const carePlan: fhir4.CarePlan = {
    resourceType: 'CarePlan',
    meta: { profile: [PROFILE.carePlan], lastUpdated: model.version.createdAt },
    identifier: identifier('carePlan', model.version.id),
    status: CARE_PLAN_STATUS[situation.stage],
    intent: 'plan',
    title: model.planTitle,
    description: `${FR.kind[situation.kind]} — ${model.version.label}`,
    subject: refs.ref('patient'),
    period: { start: versionDate, ...(reviewDate && reviewDate >= versionDate ? { end: reviewDate } : {}) },
    created: model.version.createdAt,
    author: memberRef(model.version.createdByMemberId),
    careTeam: [refs.ref('careTeam')],
    goal: model.goals.map((goal) => refs.ref(`goal:${goal.id}`)),
    activity: model.actions.map((action) => ({ reference: refs.ref(`task:${action.id}`) })),
    replaces: model.previousVersionId
      ? [{ type: 'CarePlan', identifier: identifier('carePlan', model.previousVersionId)[0] }]
      : undefined,
    supportingInfo: [
      { ...refs.ref('consent:structure'), extension: [discriminator('accordStructure')] },
      ...(model.agreement ? [{ ...refs.ref('consent:person'), extension: [discriminator('accordUsager')] }] : []),
    ],
  }
  add('carePlan', carePlan)
  // The plan first: a reader of the bundle meets the CarePlan before what refers to it.
  const planEntry = entries.pop()!
  entries.splice(1, 0, planEntry)

  return {
    resourceType: 'Bundle',
    type: 'transaction',
    timestamp: model.version.createdAt,
    entry: entries.map(({ fullUrl, resource }) => ({ fullUrl, resource: prune(resource), request: { method: 'POST', url: resource.resourceType } })),
  }
}

/** TDDUI 2.4.0 slices the besoin identifier by type (`idBesoin`: type BES). */
function besoinIdentifier(identifiers: fhir4.Identifier[]): fhir4.Identifier[] {
  return identifiers.map((id) => ({ type: { coding: [{ system: CODE_SYSTEM.serviceRequestIdentifier, code: 'BES' }] }, ...id }))
}

/** Drops undefined fields and empty arrays, which FHIR JSON forbids. */
function prune<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v) => (Array.isArray(v) && v.length === 0 ? undefined : v)))
}
