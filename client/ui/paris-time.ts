import { PARIS, todayInParis } from '../../shared/domain/dates.ts'

/**
 * Meetings happen in Europe/Paris whatever the device's own time zone: a
 * date and a time typed in the form are read as Paris wall-clock time and
 * sent as an ISO instant with its offset; instants are shown back in Paris.
 */

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: PARIS,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/** Offset of Paris from UTC at one instant, in minutes (60 in winter, 120 in summer). */
export function parisOffsetMinutes(instant: number): number {
  const values: Record<string, number> = {}
  for (const part of parts.formatToParts(new Date(instant))) if (part.type !== 'literal') values[part.type] = Number(part.value)
  const wall = Date.UTC(values.year!, values.month! - 1, values.day!, values.hour!, values.minute!, values.second!)
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000)
}

const pad = (value: number) => String(Math.abs(value)).padStart(2, '0')

/**
 * `2026-05-12` + `14:30` in Paris → `2026-05-12T14:30:00+02:00`; null when either is malformed.
 * @example parisToIso('2026-01-15', '09:00') // '2026-01-15T09:00:00+01:00'
 */
export function parisToIso(date: string, time: string): string | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  const clock = /^(\d{2}):(\d{2})$/.exec(time)
  if (!day || !clock) return null
  const wall = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), Number(clock[1]), Number(clock[2]))
  // Two passes settle the offset around a change of time.
  let offset = parisOffsetMinutes(wall - parisOffsetMinutes(wall) * 60_000)
  offset = parisOffsetMinutes(wall - offset * 60_000)
  const sign = offset >= 0 ? '+' : '-'
  return `${date}T${time}:00${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
}

const isoClock = new Intl.DateTimeFormat('sv-SE', { timeZone: PARIS, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** An instant as Paris `{date: YYYY-MM-DD, time: HH:MM}` (to fill the form). */
export function isoToParis(iso: string): { date: string; time: string } {
  const instant = new Date(iso)
  return { date: todayInParis(instant), time: isoClock.format(instant) }
}

const locale = (language: string) => (language === 'en' ? 'en-GB' : 'fr-FR')

/** "mardi 12 mai 2026 à 14:30" in Paris. */
export function formatInstant(iso: string | null, language: string, style: 'full' | 'long' | 'medium' = 'full'): string {
  if (!iso) return ''
  const instant = new Date(iso)
  if (Number.isNaN(instant.getTime())) return ''
  return new Intl.DateTimeFormat(locale(language), { timeZone: PARIS, dateStyle: style, timeStyle: 'short' }).format(instant)
}

/** `YYYY-MM-DD` plus whole months, clamped to the month's last day (31 January + 1 month → 28/29 February). */
export function addMonths(date: string, months: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return date
  const year = Number(match[1])
  const month = Number(match[2]) - 1 + months
  const target = new Date(Date.UTC(year, month, 1))
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(Number(match[3]), last))
  return target.toISOString().slice(0, 10)
}
