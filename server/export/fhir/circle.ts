import type * as fhir4 from 'fhir/r4'
import { parisDayOf } from '../../../shared/domain/dates.ts'
import { FR } from '../labels-fr.ts'
import { CODE_SYSTEM, CONCERTO_IDENTIFIER_SYSTEM, PROFILE } from './profiles.ts'
import { PREFIX } from './text-codes.ts'
import type { FhirMember, FhirPlanModel } from './model.ts'

/**
 * The person and the circle: Patient (tddui-patient), CareTeam
 * (cds-ihe-careteam) and, per member, a Practitioner + PractitionerRole
 * (+ Organization) for professionals, a RelatedPerson for relatives and
 * legal representatives. The person's own membership is the Patient.
 */

export interface Entry {
  fullUrl: string
  resource: fhir4.FhirResource
}

export interface Refs {
  /** `urn:uuid:` of a key (`patient`, `member:<id>`, `goal:<id>` …), made on first use. */
  urn(key: string): string
  ref(key: string, display?: string): fhir4.Reference
}

/** A FHIR `date` is a calendar day: the day in Paris where the instant happened. */
export const dateOf = (iso: string): string => parisDayOf(iso)
const isDate = (value: string | null | undefined): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value)
export const validDate = (value: string | null | undefined): string | undefined => (isDate(value) ? value : undefined)
export const validDateTime = (value: string | null | undefined): string | undefined =>
  value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : undefined

const telecom = (contact: string): fhir4.ContactPoint[] | undefined => {
  const value = contact.trim()
  if (value === '') return undefined
  return [{ system: value.includes('@') ? 'email' : 'phone', value }]
}

const concertoId = (kind: string, id: string): fhir4.Identifier[] => [{ system: CONCERTO_IDENTIFIER_SYSTEM, value: `urn:concerto:${kind}:${id}` }]

/** A human name kept whole: Concerto stores one display name, never split into given and family names. */
const wholeName = (name: string): fhir4.HumanName => ({ use: 'official', text: name, family: name })

/** What a CareTeam participant or a Task owner points to for one member. */
export const memberKey = (member: Pick<FhirMember, 'id' | 'role'>): string => (member.role === 'person' ? 'patient' : `member:${member.id}`)

/** The circle's roles in HL7 RoleClass (careteam-roles-vs, preferred): providers, personal relationships, guardians. */
const ROLE_CLASS: Record<FhirMember['role'], string> = {
  coordinator: 'PROV',
  professional: 'PROV',
  observer: 'PROV',
  relative: 'PRS',
  legalRepresentative: 'GUARD',
  person: 'PAT',
}

const isRelatedPerson = (member: FhirMember): boolean => member.role === 'relative' || member.role === 'legalRepresentative'

export function circleEntries(model: FhirPlanModel, refs: Refs): Entry[] {
  const { situation } = model
  const entries: Entry[] = []
  const patient: fhir4.Patient = {
    resourceType: 'Patient',
    meta: { profile: [PROFILE.patient] },
    identifier: concertoId('situation', situation.id),
    name: [wholeName(situation.personName || situation.title)],
    birthDate: validDate(model.identity?.birthDate),
    telecom: telecom(model.identity?.phone ?? ''),
    address: model.identity?.address ? [{ text: model.identity.address }] : undefined,
  }
  entries.push({ fullUrl: refs.urn('patient'), resource: patient })

  const organisations = new Map<string, string>()
  for (const member of model.members) {
    const name = member.organisation.trim()
    if (name === '' || isRelatedPerson(member) || member.role === 'person' || organisations.has(name)) continue
    const key = `organisation:${organisations.size}`
    organisations.set(name, key)
    entries.push({ fullUrl: refs.urn(key), resource: { resourceType: 'Organization', name, active: true } })
  }

  const participants: fhir4.CareTeamParticipant[] = []
  for (const member of model.members) {
    if (member.role === 'person') continue
    if (isRelatedPerson(member)) {
      const related: fhir4.RelatedPerson = {
        resourceType: 'RelatedPerson',
        meta: { profile: [PROFILE.relatedPerson] },
        identifier: concertoId('member', member.id),
        patient: refs.ref('patient'),
        relationship: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: member.role === 'legalRepresentative' ? 'GUARD' : 'FAMMEMB' },
              { system: CODE_SYSTEM.concertoRole, code: member.role },
            ],
            text: FR.role[member.role],
          },
        ],
        name: [wholeName(member.name)],
        telecom: telecom(member.contact),
      }
      entries.push({ fullUrl: refs.urn(memberKey(member)), resource: related })
    } else {
      const practitionerKey = `practitioner:${member.id}`
      entries.push({ fullUrl: refs.urn(practitionerKey), resource: { resourceType: 'Practitioner', identifier: concertoId('member', member.id), name: [wholeName(member.name)] } })
      const organisation = organisations.get(member.organisation.trim())
      const role: fhir4.PractitionerRole = {
        resourceType: 'PractitionerRole',
        identifier: concertoId('membership', member.id),
        active: true,
        practitioner: refs.ref(practitionerKey, member.name),
        organization: organisation ? refs.ref(organisation, member.organisation.trim()) : undefined,
        code: [{ coding: [{ system: CODE_SYSTEM.concertoRole, code: member.role }], text: member.profession || FR.role[member.role] }],
        specialty: member.sector ? [{ coding: [{ system: CODE_SYSTEM.concertoSector, code: member.sector }], text: FR.sector[member.sector] }] : undefined,
        telecom: telecom(member.contact),
      }
      entries.push({ fullUrl: refs.urn(memberKey(member)), resource: role })
    }
    participants.push({
      role: [
        { coding: [{ system: CODE_SYSTEM.roleClass, code: ROLE_CLASS[member.role] }, { system: CODE_SYSTEM.concertoRole, code: member.role }], text: FR.role[member.role] },
        ...(member.mission ? [{ text: `${PREFIX.mission}${member.mission}` }] : []),
      ],
      member: refs.ref(memberKey(member), member.name),
      period: { start: dateOf(member.createdAt) },
    })
  }

  const coordinator = model.members.filter((m) => m.role === 'coordinator').at(-1)
  const managing = coordinator && organisations.get(coordinator.organisation.trim())
  const careTeam: fhir4.CareTeam = {
    resourceType: 'CareTeam',
    meta: { profile: [PROFILE.careTeam], lastUpdated: model.version.createdAt },
    identifier: concertoId('careteam', situation.id),
    status: situation.status === 'closed' ? 'inactive' : 'active',
    name: `Cercle de soins de ${situation.personName || situation.title}`,
    subject: refs.ref('patient'),
    period: { start: dateOf(situation.createdAt), end: situation.closedAt ? dateOf(situation.closedAt) : undefined },
    participant: participants,
    managingOrganization: managing ? [refs.ref(managing)] : undefined,
  }
  entries.push({ fullUrl: refs.urn('careTeam'), resource: careTeam })
  return entries
}
