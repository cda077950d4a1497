import { dayInParis } from '../../shared/domain/dates.ts'

/**
 * A calendar day `YYYY-MM-DD`, or an instant shown as its day in Europe/Paris.
 * @example formatDate('2026-12-03', 'fr') // "3 décembre 2026"
 * @example formatDate('2026-12-04T23:30:00Z', 'fr') // "5 décembre 2026"
 */
export function formatDate(value: string | null, language: string, style: 'long' | 'medium' = 'long'): string | null {
  if (!value) return null
  const day = dayInParis(value)
  if (!day) return null
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', { timeZone: 'Europe/Paris', dateStyle: style }).format(new Date(`${day}T12:00:00Z`))
}
