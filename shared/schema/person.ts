import * as Y from 'yjs'
import { PERSON_ROOTS, HEALTH_ROOTS } from './roots.ts'
import { ensureParagraph, oneOf, paragraphFragment, stringOrNull } from './rows.ts'

/** The person's own section `<situationId>/person` and the health part. */

/** Life-project domains, in the person's words ("what I hope for", "what I have tried"). */
export const LIFE_DOMAINS = ['wellbeing', 'activity', 'wayOfLife', 'relationships'] as const
export type LifeDomain = (typeof LIFE_DOMAINS)[number]
export const LIFE_PROMPTS = ['hope', 'tried'] as const
export type LifePrompt = (typeof LIFE_PROMPTS)[number]

/** Key of one life-project section in `lifeProjectSections`. */
export const lifeSectionKey = (domain: LifeDomain, prompt: LifePrompt): string => `${domain}.${prompt}`

export const OPINIONS = ['agree', 'unsure', 'disagree'] as const
export type Opinion = (typeof OPINIONS)[number]

/** A view on a goal or action: a plain object written whole, never a nested shared type. */
export interface View {
  opinion: Opinion
  comment: string
  by: string
  at: string
}

export const personRoots = (doc: Y.Doc) => ({
  lifeProject: doc.getXmlFragment(PERSON_ROOTS.lifeProject),
  expectations: doc.getXmlFragment(PERSON_ROOTS.expectations),
  lifeProjectSections: doc.getMap<Y.XmlFragment>('lifeProjectSections'),
  views: doc.getMap<unknown>(PERSON_ROOTS.views),
  relativeViews: doc.getMap<unknown>(PERSON_ROOTS.relativeViews),
})

export const healthRoots = (doc: Y.Doc) => ({
  notes: doc.getXmlFragment(HEALTH_ROOTS.notes),
})

export const initializeHealth = (doc: Y.Doc): void => doc.transact(() => ensureParagraph(healthRoots(doc).notes))

/** Server-side creation of the person's fixed fragments (see initializePlan). */
export function initializePerson(doc: Y.Doc): void {
  const { lifeProjectSections, lifeProject, expectations } = personRoots(doc)
  doc.transact(() => {
    ensureParagraph(lifeProject)
    ensureParagraph(expectations)
    for (const domain of LIFE_DOMAINS) {
      for (const prompt of LIFE_PROMPTS) {
        const key = lifeSectionKey(domain, prompt)
        if (!(lifeProjectSections.get(key) instanceof Y.XmlFragment)) lifeProjectSections.set(key, paragraphFragment())
      }
    }
  })
}

export const parseView = (value: unknown): View | null => {
  if (typeof value !== 'object' || value === null) return null
  const record = value as Record<string, unknown>
  const by = stringOrNull(record.by)
  if (!by) return null
  return {
    opinion: oneOf(OPINIONS, record.opinion, 'unsure'),
    comment: typeof record.comment === 'string' ? record.comment : '',
    by,
    at: typeof record.at === 'string' ? record.at : '',
  }
}

/** The person's (or legal representative's) view on a goal or action. */
export const readView = (doc: Y.Doc, rowId: string): View | null => parseView(personRoots(doc).views.get(rowId))

/** Relatives' views are keyed `<rowId>:<userId>`, each key written only by that relative. */
export const relativeViewKey = (rowId: string, userId: string): string => `${rowId}:${userId}`

export function readRelativeViews(doc: Y.Doc, rowId: string): View[] {
  const views: View[] = []
  personRoots(doc).relativeViews.forEach((value, key) => {
    if (!key.startsWith(`${rowId}:`)) return
    const view = parseView(value)
    if (view) views.push(view)
  })
  return views
}

export function writeView(doc: Y.Doc, rowId: string, view: View): void {
  personRoots(doc).views.set(rowId, { ...view })
}

export function writeRelativeView(doc: Y.Doc, rowId: string, view: View): void {
  personRoots(doc).relativeViews.set(relativeViewKey(rowId, view.by), { ...view })
}
