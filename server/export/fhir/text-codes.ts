import { OPINIONS, type Opinion } from '../../../shared/schema/person.ts'
import { FR } from '../labels-fr.ts'
import type { FhirView } from './model.ts'

/**
 * Values that travel as text in the guides' free-text slots (the person's
 * view in `avisUsagerObjectif`, a frequency in a Task note): written in
 * French for the reader of the receiving DUI, with a fixed prefix so the
 * import reads them back exactly.
 */

/** "D’accord : je veux bien essayer" */
export const viewText = (view: FhirView): string => (view.comment ? `${FR.opinion[view.opinion]} : ${view.comment}` : FR.opinion[view.opinion])

export function parseViewText(text: string, at: string | undefined): FhirView | null {
  for (const opinion of OPINIONS as readonly Opinion[]) {
    const label = FR.opinion[opinion]
    if (text === label) return { opinion, comment: '', at: at ?? '' }
    if (text.startsWith(`${label} : `)) return { opinion, comment: text.slice(label.length + 3), at: at ?? '' }
  }
  return null
}

export const PREFIX = {
  frequency: 'Fréquence : ',
  targetAnswer: 'Réponse cible : ',
  alternativeAnswer: 'Réponse alternative immédiate : ',
  mission: 'Mission : ',
} as const

/** The text after a prefix, or null. */
export const afterPrefix = (text: string | undefined, prefix: string): string | null => (text?.startsWith(prefix) ? text.slice(prefix.length) : null)

export const LIFE_SECTION_LABEL: Record<string, string> = {
  'wellbeing.hope': 'Santé et bien-être — ce que j’espère',
  'wellbeing.tried': 'Santé et bien-être — ce que j’ai essayé',
  'activity.hope': 'Activité — ce que j’espère',
  'activity.tried': 'Activité — ce que j’ai essayé',
  'wayOfLife.hope': 'Mode de vie — ce que j’espère',
  'wayOfLife.tried': 'Mode de vie — ce que j’ai essayé',
  'relationships.hope': 'Relations — ce que j’espère',
  'relationships.tried': 'Relations — ce que j’ai essayé',
}
export const LIFE_PROJECT_LABEL = 'Projet de vie'
