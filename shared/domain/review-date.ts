import type { PlanKind } from './roles.ts'

/**
 * When a plan is reviewed. A PAG is reviewed at least once a year: its
 * review date defaults to the validation day plus one year and may not be
 * later. A PPCS or a PPS is reviewed at the date the circle set (no limit).
 */
export function addOneYear(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  // 29 February + 1 year is 28 February, not 1 March.
  const last = new Date(Date.UTC(year + 1, month, 0)).getUTCDate()
  return `${year + 1}-${String(month).padStart(2, '0')}-${String(Math.min(date, last)).padStart(2, '0')}`
}

/** The latest allowed review date of a plan validated on `validatedOn`, or null when the circle is free to choose. */
export const latestReviewDate = (kind: PlanKind, validatedOn: string): string | null => (kind === 'pag' ? addOneYear(validatedOn) : null)

/** The review date a plan gets when nobody set one: a PAG one year on; others none (the circle sets it). */
export const defaultReviewDate = latestReviewDate
