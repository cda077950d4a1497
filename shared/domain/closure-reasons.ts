/**
 * Why a plan is closed. For a PAG (plan d'accompagnement global), the end
 * reasons follow the MDPH decision: the closing coordinator must pick one of
 * these; for a PPCS or a PPS a reason is optional and free (a code from this
 * list, or a short text). The server checks it (server/domain/stage.ts).
 * The codes are those the close dialog already sends (shared/domain/intake.ts:
 * CLOSE_REASONS and PAG_CLOSE_REASONS), plus `situationResolved`, so the
 * dialog and the rule agree.
 */
export const PAG_CLOSURE_REASONS = [
  'goalsReached',
  'placeFound',
  'situationResolved',
  'moved',
  'refused',
  'deceased',
  'decisionChanged',
  'handedOver',
] as const
export type PagClosureReason = (typeof PAG_CLOSURE_REASONS)[number]

export const CLOSURE_REASON_LABELS_FR: Readonly<Record<PagClosureReason, string>> = {
  goalsReached: 'Objectifs atteints',
  placeFound: 'La réponse cible est en place',
  situationResolved: 'Situation résolue',
  moved: 'Déménagement dans un autre département',
  refused: 'Refus de la personne',
  deceased: 'Décès',
  decisionChanged: 'Décision de la CDAPH modifiée',
  handedOver: 'Relais pris par un autre service',
}

export const isPagClosureReason = (value: unknown): value is PagClosureReason =>
  typeof value === 'string' && (PAG_CLOSURE_REASONS as readonly string[]).includes(value)

/** The French label of a stored reason: a listed code's label, or the free text as given. */
export const closureReasonLabel = (reason: string | null): string =>
  reason === null ? '' : isPagClosureReason(reason) ? CLOSURE_REASON_LABELS_FR[reason] : reason
