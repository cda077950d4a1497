import type * as fhir4 from 'fhir/r4'
import { CODE_SYSTEM, EXTENSION, IDENTIFIER, PROFILE, identifierPattern, type IdentifierKind } from '../profiles.ts'
import type { FhirProblem } from './problem.ts'
import { SERAFIN_PH_CODES } from '../../../../shared/domain/serafin-ph.ts'

/**
 * The TDDUI 2.4.0 and Cercle de soins 2.0.1 constraints that the R4 base
 * validators cannot know (required slices, fixed systems, identifier
 * patterns), written as FHIRPath over each resource claiming the profile.
 * Each rule names the profile element it mirrors; an expression must be
 * true. Sources: docs/interoperability.md, "What the guides say".
 */
export interface FhirRule {
  id: string
  profile: string
  /** The profile element (StructureDefinition element id) the rule mirrors. */
  element: string
  expression: string
  message: string
}

/** Values the expressions read as `%name`: the SERAFIN-PH needs value set (JDV_J285, as published by the ANS). */
export const RULE_ENVIRONMENT = { serafinNeeds: [...SERAFIN_PH_CODES] }

const disc = (code: string) => `extension('${EXTENSION.discriminator}').value.coding.where(system = '${CODE_SYSTEM.discriminator}' and code = '${code}')`

const identifierRules = (profile: string, resource: string, kind: IdentifierKind): FhirRule[] => [
  {
    id: `${kind}-identifier-system`,
    profile,
    element: `${resource}.identifier.system`,
    expression: `identifier.where(system = '${IDENTIFIER[kind].system}').count() = 1`,
    message: `exactly one identifier with system ${IDENTIFIER[kind].system}`,
  },
  {
    id: `${kind}-identifier-format`,
    profile,
    element: `${resource}.identifier.value`,
    expression: `identifier.where(system = '${IDENTIFIER[kind].system}').value.matches('${identifierPattern(kind).source}')`,
    message: `identifier value must read 3+FINESS/localId-${IDENTIFIER[kind].code}-num (letters and digits only, no hyphen inside the ids)`,
  },
]

export const RULES: FhirRule[] = [
  // tddui-patient
  { id: 'patient-official-name', profile: PROFILE.patient, element: 'Patient.name:officialName', expression: "name.where(use = 'official').count() = 1", message: 'exactly one official name' },
  // tddui-careplan-projet-personnalise
  ...identifierRules(PROFILE.carePlan, 'CarePlan', 'carePlan'),
  { id: 'careplan-identifier-one', profile: PROFILE.carePlan, element: 'CarePlan.identifier', expression: 'identifier.count() = 1', message: 'exactly one identifier (1..1)' },
  { id: 'careplan-title', profile: PROFILE.carePlan, element: 'CarePlan.title', expression: 'title.exists()', message: 'title is required (1..1)' },
  {
    id: 'careplan-accord-structure',
    profile: PROFILE.carePlan,
    element: 'CarePlan.supportingInfo:accordStructure',
    expression: `supportingInfo.where(${disc('accordStructure')}.exists()).count() >= 1`,
    message: "the structure's agreement (supportingInfo:accordStructure, 1..*) is required",
  },
  {
    id: 'careplan-supportinginfo-discriminated',
    profile: PROFILE.carePlan,
    element: 'CarePlan.supportingInfo.extension:TDDUIDiscriminator',
    expression: `supportingInfo.all(extension('${EXTENSION.discriminator}').count() = 1)`,
    message: 'each supportingInfo carries one tddui-discriminator extension',
  },
  { id: 'careplan-note', profile: PROFILE.carePlan, element: 'CarePlan.note', expression: 'note.count() <= 1', message: 'at most one note (0..1)' },
  // tddui-goal-objectif
  ...identifierRules(PROFILE.goalObjectif, 'Goal', 'objectif'),
  {
    id: 'objectif-careplan-ref',
    profile: PROFILE.goalObjectif,
    element: 'Goal.extension:referenceProjetPerso',
    expression: `extension('${EXTENSION.carePlanRef}').count() = 1 and extension('${EXTENSION.carePlanRef}').value.reference.exists()`,
    message: 'exactly one link to the CarePlan (referenceProjetPerso, 1..1)',
  },
  { id: 'objectif-title-note', profile: PROFILE.goalObjectif, element: 'Goal.note:titreObjectif', expression: `note.where(${disc('titreObjectif')}.exists()).count() = 1`, message: 'the title note (note:titreObjectif, 1..1) is required' },
  { id: 'objectif-view-note', profile: PROFILE.goalObjectif, element: 'Goal.note:avisUsagerObjectif', expression: `note.where(${disc('avisUsagerObjectif')}.exists()).count() <= 1`, message: "at most one note of the person's view (note:avisUsagerObjectif, 0..1)" },
  { id: 'objectif-notes-discriminated', profile: PROFILE.goalObjectif, element: 'Goal.note.extension:TDDUIDiscriminator', expression: `note.all(extension('${EXTENSION.discriminator}').exists())`, message: 'each note carries a tddui-discriminator extension' },
  // tddui-goal-attente
  ...identifierRules(PROFILE.goalAttente, 'Goal', 'attente'),
  { id: 'attente-careplan-ref', profile: PROFILE.goalAttente, element: 'Goal.extension:referenceProjetPerso', expression: `extension('${EXTENSION.carePlanRef}').count() = 1`, message: 'exactly one link to the CarePlan (1..1)' },
  { id: 'attente-origin', profile: PROFILE.goalAttente, element: 'Goal.note:origineAttente', expression: `note.where(${disc('origineAttente')}.exists()).count() = 1`, message: 'the origin of the expectation (note:origineAttente, 1..1) is required' },
  // tddui-goal-projet-vie
  ...identifierRules(PROFILE.goalProjetVie, 'Goal', 'projetVie'),
  { id: 'projetvie-title', profile: PROFILE.goalProjetVie, element: 'Goal.description.text', expression: 'description.text.exists()', message: 'the title (description.text, 1..1) is required' },
  // tddui-service-request-besoin
  ...identifierRules(PROFILE.besoin, 'ServiceRequest', 'besoin'),
  {
    id: 'besoin-identifier-type',
    profile: PROFILE.besoin,
    element: 'ServiceRequest.identifier:idBesoin.type',
    expression: `identifier.where(system = '${IDENTIFIER.besoin.system}').type.coding.where(system = '${CODE_SYSTEM.serviceRequestIdentifier}' and code = 'BES').exists()`,
    message: 'the need identifier has type BES',
  },
  { id: 'besoin-code-text', profile: PROFILE.besoin, element: 'ServiceRequest.code.text', expression: 'code.text.exists()', message: 'the description of the need (code.text, 1..1) is required' },
  { id: 'besoin-based-on', profile: PROFILE.besoin, element: 'ServiceRequest.basedOn', expression: 'basedOn.count() = 1', message: 'exactly one basedOn, the CarePlan (1..1)' },
  {
    id: 'besoin-category-serafin',
    profile: PROFILE.besoin,
    element: 'ServiceRequest.category',
    expression: `category.count() <= 1 and category.coding.all(system = '${CODE_SYSTEM.serafin}' and code.matches('^1(\\\\.[0-9]{1,2}){1,3}$'))`,
    message: 'at most one category, a SERAFIN-PH need code (JDV_J285-Besoins_SERAFIN)',
  },
  {
    id: 'besoin-category-value-set',
    profile: PROFILE.besoin,
    element: 'ServiceRequest.category (binding JDV_J285-Besoins_SERAFIN, required)',
    expression: `category.coding.where(system = '${CODE_SYSTEM.serafin}').all(code in %serafinNeeds)`,
    message: 'the category is a code of the SERAFIN-PH needs value set (JDV_J285-Besoins_SERAFIN)',
  },
  // tddui-task-action
  ...identifierRules(PROFILE.taskAction, 'Task', 'action'),
  {
    id: 'action-title',
    profile: PROFILE.taskAction,
    element: 'Task.input:titre',
    expression: `input.where(type.coding.where(system = '${CODE_SYSTEM.taskActionInput}' and code = 'titre').exists()).count() = 1 and input.where(type.coding.code = 'titre').value.ofType(string).exists()`,
    message: 'the title input (input:titre, 1..1, a string) is required',
  },
  {
    id: 'action-goal-input',
    profile: PROFILE.taskAction,
    element: 'Task.input:objectif',
    expression: "input.where(type.coding.code = 'objectif').all(value.ofType(Reference).exists())",
    message: 'the goal input is a reference to a Goal',
  },
  { id: 'action-based-on', profile: PROFILE.taskAction, element: 'Task.basedOn', expression: 'basedOn.count() = 1', message: 'exactly one basedOn, the CarePlan (1..1)' },
  // tddui-consent-accord
  { id: 'accord-performer', profile: PROFILE.consentAccord, element: 'Consent.performer', expression: 'performer.count() = 1', message: 'exactly one performer (1..1)' },
  { id: 'accord-date', profile: PROFILE.consentAccord, element: 'Consent.dateTime', expression: 'dateTime.exists()', message: 'the date (dateTime, 1..1) is required' },
  // tddui-encounter-evenement
  ...identifierRules(PROFILE.encounterEvenement, 'Encounter', 'evenement'),
  { id: 'evenement-period', profile: PROFILE.encounterEvenement, element: 'Encounter.period.start, Encounter.period.end', expression: 'period.start.exists() and period.end.exists()', message: 'start and end (1..1 each) are required' },
  { id: 'evenement-subject', profile: PROFILE.encounterEvenement, element: 'Encounter.subject', expression: 'subject.exists()', message: 'the person (subject, 1..1) is required' },
  {
    id: 'evenement-type-text',
    profile: PROFILE.encounterEvenement,
    element: 'Encounter.type:text',
    expression: `type.where(coding.system = '${CODE_SYSTEM.dataAbsentReason}').all(text.exists() and coding.code = 'not-permitted')`,
    message: 'a free-text event type carries its text and the code not-permitted',
  },
  // cds-ihe-careteam
  { id: 'careteam-identifier', profile: PROFILE.careTeam, element: 'CareTeam.identifier', expression: 'identifier.count() = 1 and identifier.value.exists()', message: 'exactly one identifier with a value (1..1)' },
  { id: 'careteam-name', profile: PROFILE.careTeam, element: 'CareTeam.name', expression: 'name.exists()', message: 'the name (1..1) is required' },
  { id: 'careteam-status', profile: PROFILE.careTeam, element: 'CareTeam.status', expression: 'status.exists()', message: 'the status (1..1) is required' },
  { id: 'careteam-subject', profile: PROFILE.careTeam, element: 'CareTeam.subject', expression: 'subject.exists()', message: 'the person (subject, 1..1) is required' },
  { id: 'careteam-period', profile: PROFILE.careTeam, element: 'CareTeam.period.start', expression: 'period.start.exists()', message: 'the start of the circle (period.start, 1..1) is required' },
  {
    id: 'careteam-participant',
    profile: PROFILE.careTeam,
    element: 'CareTeam.participant.member, CareTeam.participant.period.start',
    expression: 'participant.all(member.exists() and period.start.exists())',
    message: 'each member has a reference and a start date (1..1 each)',
  },
  // cds-fr-related-person
  { id: 'related-identifier', profile: PROFILE.relatedPerson, element: 'RelatedPerson.identifier', expression: 'identifier.count() = 1', message: 'exactly one identifier (1..1)' },
  { id: 'related-name', profile: PROFILE.relatedPerson, element: 'RelatedPerson.name.family', expression: 'name.count() = 1 and name.family.exists()', message: 'exactly one name with a family name' },
  { id: 'related-relationship', profile: PROFILE.relatedPerson, element: 'RelatedPerson.relationship:Role', expression: 'relationship.exists()', message: 'the role of the person (relationship, 1..) is required' },
]

interface FhirPathEngine {
  evaluate(resource: unknown, expression: string, context: Record<string, unknown> | null, model: unknown): unknown[]
}
let loaded: Promise<{ engine: FhirPathEngine; model: unknown }> | null = null
const load = async () => {
  const [{ default: engine }, { default: model }] = await Promise.all([import('fhirpath'), import('fhirpath/fhir-context/r4')])
  return { engine: engine as unknown as FhirPathEngine, model }
}

/** Runs the rule pack on every resource of the bundle that claims a profile the pack knows. */
export async function checkRules(bundle: fhir4.Bundle, rules: FhirRule[] = RULES): Promise<FhirProblem[]> {
  const { engine, model } = await (loaded ??= load())
  const problems: FhirProblem[] = []
  bundle.entry?.forEach((entry, index) => {
    const resource = entry.resource
    const profiles = resource?.meta?.profile ?? []
    for (const rule of rules) {
      if (!profiles.includes(rule.profile)) continue
      let ok = false
      try {
        const result = engine.evaluate(resource, rule.expression, RULE_ENVIRONMENT, model)
        ok = result.length === 1 && result[0] === true
      } catch {
        ok = false
      }
      if (!ok) problems.push({ validator: 'rules', path: `Bundle.entry[${index}].resource (${rule.element})`, message: `${rule.message} [${rule.id}]` })
    }
  })
  return problems
}
