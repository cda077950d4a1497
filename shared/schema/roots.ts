/**
 * The names of each part's root types. Spelled only here: the server seed,
 * the client screens and the exports all import these constants.
 */

/** The three Yjs documents of one situation, one per permission boundary. */
export const PARTS = ['plan', 'health', 'person'] as const
export type Part = (typeof PARTS)[number]

export const isPart = (value: string): value is Part => (PARTS as readonly string[]).includes(value)

/** Root types of `<situationId>/plan`. */
export const PLAN_ROOTS = {
  meta: 'meta',
  assessment: 'assessment',
  goals: 'goals',
  actions: 'actions',
  unmet: 'unmet',
  decisions: 'decisions',
  /** SERAFIN-PH needs coded in the assessment, keyed `<domain>:<code>` (issue 19). */
  assessmentNeeds: 'assessmentNeeds',
} as const

/** Assessment domains: SERAFIN-PH blocks plus caregivers and environment. */
export const ASSESSMENT_DOMAINS = ['health', 'autonomy', 'participation', 'caregivers', 'environment'] as const
export type AssessmentDomain = (typeof ASSESSMENT_DOMAINS)[number]

/** Root types of `<situationId>/health`. */
export const HEALTH_ROOTS = {
  notes: 'notes',
} as const

/** Root types of `<situationId>/person`. */
export const PERSON_ROOTS = {
  lifeProject: 'lifeProject',
  expectations: 'expectations',
  views: 'views',
  relativeViews: 'relativeViews',
} as const

/**
 * The document name used in storage and in the sync URL: `<situationId>/<part>`.
 * @deprecated Name a document by its key and `toDocumentName(key)` (shared/protocol/document-key.ts);
 * kept for the call sites in domain/, http/ and seed/ until they pass the key.
 */
export const documentName = (situationId: string, part: Part): string => `${situationId}/${part}`
