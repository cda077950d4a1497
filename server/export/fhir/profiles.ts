/**
 * Canonical URLs, identifier systems and code systems of the two ANS guides
 * Concerto writes: TDDUI 2.4.0 ("Transfert de données DUI") and Cercle de
 * soins 2.0.1. Spelled only here; docs/interoperability.md lists where each
 * one was read.
 */

export const TDDUI = 'https://interop.esante.gouv.fr/ig/fhir/tddui'
export const CDS = 'https://interop.esante.gouv.fr/ig/fhir/cds'

export const PROFILE = {
  patient: `${TDDUI}/StructureDefinition/tddui-patient`,
  carePlan: `${TDDUI}/StructureDefinition/tddui-careplan-projet-personnalise`,
  goalObjectif: `${TDDUI}/StructureDefinition/tddui-goal-objectif`,
  goalAttente: `${TDDUI}/StructureDefinition/tddui-goal-attente`,
  goalProjetVie: `${TDDUI}/StructureDefinition/tddui-goal-projet-vie`,
  besoin: `${TDDUI}/StructureDefinition/tddui-service-request-besoin`,
  taskAction: `${TDDUI}/StructureDefinition/tddui-task-action`,
  consentAccord: `${TDDUI}/StructureDefinition/tddui-consent-accord`,
  encounterEvenement: `${TDDUI}/StructureDefinition/tddui-encounter-evenement`,
  careTeam: `${CDS}/StructureDefinition/cds-ihe-careteam`,
  relatedPerson: `${CDS}/StructureDefinition/cds-fr-related-person`,
  organization: `${CDS}/StructureDefinition/cds-organization`,
} as const

export const EXTENSION = {
  /** Slices CarePlan.supportingInfo and Goal.note (TDDUI 2.4.0 `tddui-discriminator`, CodeableConcept). */
  discriminator: `${TDDUI}/StructureDefinition/tddui-discriminator`,
  /** Goal → CarePlan link (`referenceProjetPerso`, 1..1 on the objectif and attente goals). */
  carePlanRef: `${TDDUI}/StructureDefinition/tddui-careplan-reference`,
  dataAbsentReason: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
} as const

export const CODE_SYSTEM = {
  discriminator: `${TDDUI}/CodeSystem/tddui-discriminator`,
  taskActionInput: `${TDDUI}/CodeSystem/input-tddui-task-action-codesystem`,
  serviceRequestIdentifier: `${TDDUI}/CodeSystem/tddui-service-request-identifier`,
  serafin: 'https://smt.esante.gouv.fr/terminologie-SERAFINPH',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  goalAchievement: 'http://terminology.hl7.org/CodeSystem/goal-achievement',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  consentCategory: 'http://loinc.org',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  loinc: 'http://loinc.org',
  /** Roles of the Cercle de soins value set careteam-roles-vs (HL7 RoleClass as published by the ANS). */
  roleClass: 'https://mos.esante.gouv.fr/NOS/TRE_R260-HL7RoleClass/FHIR/TRE-R260-HL7RoleClass',
  /** Concerto's own codes where the guides bind nothing (roles, sectors, kinds of need): URNs, never a guessed URL. */
  concertoRole: 'urn:concerto:role',
  concertoSector: 'urn:concerto:sector',
  concertoNeed: 'urn:concerto:need',
  concertoDomain: 'urn:concerto:domain',
} as const

/** The identifier systems the guide fixes per resource, with the code each value carries. */
export const IDENTIFIER = {
  carePlan: { system: 'https://identifiant-medicosocial-projetpersonnalise.esante.gouv.fr', code: 'PPER' },
  objectif: { system: 'https://identifiant-medicosocial-objectif.esante.gouv.fr', code: 'OBJE' },
  attente: { system: 'https://identifiant-medicosocial-attente.esante.gouv.fr', code: 'ATTE' },
  projetVie: { system: 'https://identifiant-medicosocial-projetvie.esante.gouv.fr', code: 'PDV' },
  besoin: { system: 'https://identifiant-medicosocial-besoin.esante.gouv.fr', code: 'BESO' },
  action: { system: 'https://identifiant-medicosocial-action.esante.gouv.fr', code: 'ACTI' },
  evenement: { system: 'https://identifiant-medicosocial-evenement.esante.gouv.fr', code: 'EVN' },
} as const
export type IdentifierKind = keyof typeof IDENTIFIER

/** Identifiers of Concerto's own objects where no guide fixes a system. */
export const CONCERTO_IDENTIFIER_SYSTEM = 'urn:ietf:rfc:3986'

/**
 * The FINESS stand-in of the structure holding the plan. Concerto is not an
 * ESSMS and has no FINESS of its own: a deployment that exchanges with a DUI
 * passes its structure's number (see docs/decisions/011-fhir-tddui-mapping.md).
 */
export const DEFAULT_FINESS = '000000000'

/**
 * Concerto ids (nanoid: letters, digits, `_`, `-`) become the local parts of
 * the guide's identifiers, whose pattern (`^3[0-9]{9}/[A-Za-z0-9]+-CODE-[A-Za-z0-9]+$`)
 * forbids hyphens and underscores: they are written as lowercase hex of their
 * UTF-8 bytes, which is reversible, so an importer can tell two rows apart
 * and a later export names the same row the same way.
 *
 * @example localPart('a-b') // '612d62'
 */
export const localPart = (id: string): string => Buffer.from(id, 'utf8').toString('hex')
export const fromLocalPart = (hex: string): string => Buffer.from(hex, 'hex').toString('utf8')

/** `3<FINESS>/<situation>-<CODE>-<row>`, the value format every TDDUI identifier follows. */
export const identifierValue = (kind: IdentifierKind, finess: string, situationId: string, rowId: string): string =>
  `3${finess}/${localPart(situationId)}-${IDENTIFIER[kind].code}-${localPart(rowId)}`

export const identifierPattern = (kind: IdentifierKind): RegExp => new RegExp(`^3[0-9]{9}/[A-Za-z0-9]+-${IDENTIFIER[kind].code}-[A-Za-z0-9]+$`)

/** The row id written in an identifier value, or null if the value does not follow the pattern. */
export function rowIdOf(kind: IdentifierKind, value: string | undefined): string | null {
  if (!value || !identifierPattern(kind).test(value)) return null
  const hex = value.slice(value.lastIndexOf('-') + 1)
  return /^(?:[0-9a-f]{2})+$/.test(hex) ? fromLocalPart(hex) : null
}
