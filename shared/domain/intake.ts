/**
 * What the intake form, the intake list and part 1 of the plan agree on:
 * a request for support (demande d'appui) and the person's identity.
 * Names only; the rules live in server/domain/intake.ts.
 */

/** Who asks: a professional of the territory, the person, or their family. */
export const REQUESTER_KINDS = ['professional', 'person', 'family'] as const
export type RequesterKind = (typeof REQUESTER_KINDS)[number]

export const URGENCIES = ['routine', 'soon', 'urgent'] as const
export type Urgency = (typeof URGENCIES)[number]

/** Whether the person knows of the request and agrees to it. */
export const PERSON_AGREES = ['yes', 'no', 'unknown'] as const
export type PersonAgrees = (typeof PERSON_AGREES)[number]

export const REQUEST_STATUSES = ['waiting', 'accepted', 'redirected', 'answered'] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]

/** Legal protection measures of the French civil code (art. 425 ff.). */
export const LEGAL_PROTECTIONS = ['none', 'sauvegarde', 'curatelle', 'curatelleRenforcee', 'tutelle', 'habilitationFamiliale', 'mandatProtectionFuture'] as const
export type LegalProtection = (typeof LEGAL_PROTECTIONS)[number]

/** A person named with a way to reach them (trusted person, GP, guardian). */
export interface Contact {
  name: string
  contact: string
}

/** The person's identity: minimal, as part 1 of the plan asks (DESIGN.md section 3). */
export interface PersonIdentity {
  name: string
  birthDate: string | null
  address: string
  phone: string
  trustedPerson: Contact
  legalProtection: LegalProtection
  /** Who exercises the measure (tutor, curator), when there is one. */
  legalProtectionHolder: Contact
  /** For a minor: who holds parental authority. */
  parentalAuthority: string
  generalPractitioner: Contact
}

export const emptyIdentity = (name = ''): PersonIdentity => ({
  name,
  birthDate: null,
  address: '',
  phone: '',
  trustedPerson: { name: '', contact: '' },
  legalProtection: 'none',
  legalProtectionHolder: { name: '', contact: '' },
  parentalAuthority: '',
  generalPractitioner: { name: '', contact: '' },
})

/** Reasons a situation is closed; a PAG adds the MDPH's own end reasons. */
export const CLOSE_REASONS = ['goalsReached', 'moved', 'deceased', 'refused', 'handedOver'] as const
export const PAG_CLOSE_REASONS = ['placeFound', 'decisionChanged'] as const
export type CloseReason = (typeof CLOSE_REASONS)[number] | (typeof PAG_CLOSE_REASONS)[number]
