/** Dates are `YYYY-MM-DD`; "today" is the calendar day in Europe/Paris, where the meetings happen. */
export const PARIS = 'Europe/Paris'

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

// Made on first use, not at module load: a time-zone formatter maps ICU's data (~8 MB resident).
let isoDay: Intl.DateTimeFormat | null = null

export const todayInParis = (now = new Date()): string =>
  (isoDay ??= new Intl.DateTimeFormat('sv-SE', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit' })).format(now)

/**
 * The Paris calendar day of an instant; a bare `YYYY-MM-DD` is already a day
 * and comes back as it is. Slicing an ISO string instead gives the UTC day,
 * which is the day before for everything done in Paris between midnight and
 * 1 or 2 a.m.; null when the value is not a date.
 * @example dayInParis('2026-12-04T23:30:00.000Z') // '2026-12-05'
 */
export function dayInParis(value: string | Date): string | null {
  if (typeof value === 'string' && DATE_PATTERN.test(value)) return value
  const instant = typeof value === 'string' ? new Date(value) : value
  return Number.isNaN(instant.getTime()) ? null : todayInParis(instant)
}

/** `dayInParis` for stored instants the server wrote itself: a malformed one keeps its first ten characters rather than throw. */
export const parisDayOf = (instant: string): string => dayInParis(instant) ?? instant.slice(0, 10)

/**
 * A calendar day plus whole days (negative goes back), counted at noon UTC so no change of time moves it.
 * @example addDays('2026-12-31', 1) // '2027-01-01'
 */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** True when a due date has passed and the item is still open. */
export const isOverdue = (dueDate: string | null, status: string, today = todayInParis()): boolean =>
  dueDate !== null && dueDate < today && status !== 'done' && status !== 'dropped'

/**
 * True for a real calendar day written `YYYY-MM-DD` (2026-02-28 yes;
 * 2026-02-30, 2026-13-45, 2026-99-99 no). A pattern alone lets impossible
 * days through, and they broke every export that formats them.
 * @example isCalendarDate('2028-02-29') // true (leap year)
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const match = DATE_PATTERN.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (year < 1 || month < 1 || month > 12 || day < 1) return false
  // Day 0 of the next month is the last day of this one (UTC, no zone shift).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The message every date field gives when it is refused. */
export const CALENDAR_DATE_MESSAGE = 'expected a calendar date YYYY-MM-DD'
