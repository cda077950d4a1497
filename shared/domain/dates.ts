/** Dates are `YYYY-MM-DD`; "today" is the calendar day in Europe/Paris, where the meetings happen. */
export const PARIS = 'Europe/Paris'

const isoDay = new Intl.DateTimeFormat('sv-SE', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit' })

export const todayInParis = (now = new Date()): string => isoDay.format(now)

/** True when a due date has passed and the item is still open. */
export const isOverdue = (dueDate: string | null, status: string, today = todayInParis()): boolean =>
  dueDate !== null && dueDate < today && status !== 'done' && status !== 'dropped'
