/** Dates are `YYYY-MM-DD`; "today" is the calendar day in Europe/Paris, where the meetings happen. */
export const PARIS = 'Europe/Paris'

// Made on first use, not at module load: a time-zone formatter maps ICU's data (~8 MB resident).
let isoDay: Intl.DateTimeFormat | null = null

export const todayInParis = (now = new Date()): string =>
  (isoDay ??= new Intl.DateTimeFormat('sv-SE', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit' })).format(now)

/** True when a due date has passed and the item is still open. */
export const isOverdue = (dueDate: string | null, status: string, today = todayInParis()): boolean =>
  dueDate !== null && dueDate < today && status !== 'done' && status !== 'dropped'

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

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
