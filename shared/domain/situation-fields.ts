/**
 * The fields of a situation that every feature reads (DESIGN.md 5b):
 * the plan's stage in its life cycle, the response level the field uses and
 * the territory (INSEE code of the person's commune). The rules that move a
 * stage live in server/domain; this file only names the values.
 */

/** The plan's life cycle: preparation → validated → followUp → toReview → validated … or closed. */
export const SITUATION_STAGES = ['preparation', 'validated', 'followUp', 'toReview', 'closed'] as const
export type SituationStage = (typeof SITUATION_STAGES)[number]

/**
 * Response levels of a DAC or PCPE: 1 information/orientation, 2 punctual
 * support of the professional, 3 coordination, 4 intensive case management.
 */
export const RESPONSE_LEVELS = [1, 2, 3, 4] as const
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number]

export const SITUATION_STATUSES = ['open', 'closed'] as const
export type SituationStatus = (typeof SITUATION_STATUSES)[number]

/**
 * An INSEE commune code: five characters, digits except Corsica's 2A/2B
 * département prefix (e.g. `37261` Tours, `2A004` Ajaccio, `97411` Saint-Denis).
 */
export const INSEE_COMMUNE_PATTERN = /^(?:\d{5}|2[AB]\d{3})$/

/**
 * The département of a commune: the first two characters, or three for the
 * overseas départements (971–976), whose communes start with 97.
 *
 * @example departementOf('37261') // '37'
 * @example departementOf('97411') // '974'
 */
export function departementOf(commune: string): string {
  return commune.startsWith('97') ? commune.slice(0, 3) : commune.slice(0, 2)
}
