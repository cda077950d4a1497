import { PARIS } from '../../shared/domain/dates.ts'

export type { NextMeeting } from '../../shared/api/situations.ts'

const partsOf = (instant: Date, language: string): Record<string, string> => {
  const format = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', {
    timeZone: PARIS,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
  const parts: Record<string, string> = {}
  for (const part of format.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = part.value
  return parts
}

/**
 * When a meeting takes place, in Paris and in words: "le 12 décembre à 14 h",
 * "le 3 février 2027 à 9 h 30" (the year only when it is not this year's).
 */
export function meetingWhen(iso: string, language: string, now = new Date()): string {
  const instant = new Date(iso)
  if (Number.isNaN(instant.getTime())) return ''
  const when = partsOf(instant, language)
  const thisYear = partsOf(now, language).year
  const year = when.year !== thisYear ? ` ${when.year}` : ''
  const hour = String(Number(when.hour))
  if (language === 'en') return `on ${when.day} ${when.month}${year} at ${when.hour}:${when.minute}`
  const day = when.day === '1' ? '1er' : when.day
  return `le ${day} ${when.month}${year} à ${hour} h${when.minute === '00' ? '' : ` ${when.minute}`}`
}
