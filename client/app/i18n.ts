import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { fr } from '../i18n/fr.ts'
import { en } from '../i18n/en.ts'

export const LANGUAGES = ['fr', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
const STORAGE_KEY = 'concerto.language'

const stored = (): Language => {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return value === 'en' ? 'en' : 'fr'
  } catch {
    return 'fr'
  }
}

/** Initialises i18next once, French first; called from main.tsx before the first render. */
export function setupI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng: stored(),
    fallbackLng: 'fr',
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  document.documentElement.lang = i18next.language
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language
    try {
      localStorage.setItem(STORAGE_KEY, language)
    } catch {
      // private mode: the choice lasts for this page only
    }
  })
  return i18next
}

/** Dates are `YYYY-MM-DD`, shown in Europe/Paris. */
export function formatDate(value: string | null, language: string, style: 'long' | 'medium' = 'long'): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  const date = new Date(`${value}T12:00:00Z`)
  if (Number.isNaN(date.getTime())) return null
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', { timeZone: 'Europe/Paris', dateStyle: style }).format(date)
}
