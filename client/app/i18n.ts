/**
 * One catalog convention (docs/decisions/015):
 * - `client/i18n/fr.ts` and `en.ts` are the default namespace (`translation`): only the shared
 *   vocabulary (app chrome, roles, domains, statuses, kinds) and pages of the shell.
 * - Every feature catalog is a `client/<feature>/strings.ts` module exporting `{ NS, fr, en }`:
 *   French first, `en: Mirror<typeof fr>` (client/i18n/catalog.ts), so a missing English key is a
 *   type error. It registers nothing itself.
 * - This file registers every namespace from the one list below, at init: no side-effect
 *   registration, no order to get right between a module's import and i18next's init.
 * - A feature reads another's namespace by its name (`NAMESPACES.front`), not by importing its module.
 */
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { fr } from '../i18n/fr.ts'
import { en } from '../i18n/en.ts'
import type { FeatureCatalog, FeatureNamespace } from '../i18n/catalog.ts'
import * as front from '../intake/strings.ts'
import * as meeting from '../meeting/strings.ts'
import * as versions from '../versions/strings.ts'
import * as territory from '../i18n/territory.ts'
import * as followUp from '../todo/strings.ts'

/** Every feature catalog, once; a namespace in NAMESPACES without its catalog here is a type error. */
const CATALOGS = { front, meeting, versions, territory, followUp } satisfies { [N in FeatureNamespace]: FeatureCatalog & { NS: N } }

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
    resources: {
      fr: { translation: fr, ...Object.fromEntries(Object.values(CATALOGS).map((catalog) => [catalog.NS, catalog.fr])) },
      en: { translation: en, ...Object.fromEntries(Object.values(CATALOGS).map((catalog) => [catalog.NS, catalog.en])) },
    },
    defaultNS: 'translation',
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

/** Date display lives in ui/ (generic, used below the app shell); re-exported for the modules that import it from here. */
export { formatDate } from '../ui/dates.ts'
