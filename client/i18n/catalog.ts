/**
 * The shape every string catalog follows (docs/decisions/015, "One catalog convention"):
 * a module exports `{ NS, fr, en }`, French first, English typed `Mirror<typeof fr>` so a
 * missing or misspelt English key is a type error; client/app/i18n.ts registers every
 * namespace from one list. Nothing registers itself on import.
 */

/** The same keys as `T`, every leaf a string: what a translation of a catalog must have. */
export type Mirror<T> = { [K in keyof T]: T[K] extends string ? string : Mirror<T[K]> }

/**
 * Every namespace by name: `translation` (client/i18n/fr.ts, en.ts) is the shared vocabulary
 * (app chrome, roles, domains, statuses); each feature catalog is one of the others. A feature
 * reads another's namespace by this name, never by importing its catalog module.
 */
export const NAMESPACES = {
  front: 'front',
  meeting: 'meeting',
  versions: 'versions',
  territory: 'territory',
  followUp: 'followUp',
} as const
export type FeatureNamespace = (typeof NAMESPACES)[keyof typeof NAMESPACES]

/** One feature catalog as app/i18n.ts registers it. */
export interface FeatureCatalog<T = unknown> {
  NS: FeatureNamespace
  fr: T
  en: Mirror<T>
}
