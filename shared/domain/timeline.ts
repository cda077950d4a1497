/** Kinds of dated entries in a situation's timeline (the parcours). */
export const TIMELINE_KINDS = ['rupture', 'transition', 'hospitalisation', 'move', 'newService', 'handover', 'event'] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

/**
 * The part a timeline entry belongs to, and so who reads it: `plan` for the
 * parcours (services, moves, handovers), `health` for clinical events
 * (admissions, diagnoses, test scores), read only by the care team, the
 * person and the legal representative (DESIGN.md section 2).
 */
export const TIMELINE_PARTS = ['plan', 'health'] as const
export type TimelinePart = (typeof TIMELINE_PARTS)[number]

/** A hospital admission says why the person was admitted: clinical unless its author says otherwise. */
export const CLINICAL_TIMELINE_KINDS: readonly string[] = ['hospitalisation']

export const defaultTimelinePart = (kind: string): TimelinePart => (CLINICAL_TIMELINE_KINDS.includes(kind) ? 'health' : 'plan')
