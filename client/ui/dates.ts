/**
 * Dates are `YYYY-MM-DD`, shown in Europe/Paris.
 * @example formatDate('2026-12-03', 'fr') // "3 décembre 2026"
 */
export function formatDate(value: string | null, language: string, style: 'long' | 'medium' = 'long'): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  const date = new Date(`${value}T12:00:00Z`)
  if (Number.isNaN(date.getTime())) return null
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', { timeZone: 'Europe/Paris', dateStyle: style }).format(date)
}
