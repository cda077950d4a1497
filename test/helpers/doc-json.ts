import * as Y from 'yjs'
import { HEALTH_ROOTS, PERSON_ROOTS, PLAN_ROOTS } from '../../shared/schema/roots.ts'

/**
 * Every root of a part as plain JSON, so two states of a document can be
 * compared whole (rich text included, as its XML string). Fails loudly when
 * the document holds a root this list does not know, so a new root can never
 * be left out of a comparison silently.
 */

const mapJson = (map: Y.Map<unknown>): Record<string, unknown> =>
  Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => [key, value instanceof Y.AbstractType ? value.toJSON() : value]))

const KNOWN: Record<'plan' | 'person' | 'health', string[]> = {
  plan: Object.values(PLAN_ROOTS),
  person: [...Object.values(PERSON_ROOTS), 'lifeProjectSections'],
  health: Object.values(HEALTH_ROOTS),
}

/** Roots of `doc` that hold something (created from an update or by a reader). */
function usedRoots(doc: Y.Doc): string[] {
  return [...doc.share.entries()].filter(([, type]) => type._start !== null || type._map.size > 0).map(([name]) => name)
}

export function partJson(doc: Y.Doc, part: 'plan' | 'person' | 'health'): Record<string, unknown> {
  const unknown = usedRoots(doc).filter((name) => !KNOWN[part].includes(name))
  if (unknown.length > 0) throw new Error(`${part} holds roots this comparison does not know: ${unknown.join(', ')}`)
  if (part === 'plan') {
    return {
      meta: mapJson(doc.getMap(PLAN_ROOTS.meta)),
      assessment: mapJson(doc.getMap(PLAN_ROOTS.assessment)),
      goals: doc.getArray(PLAN_ROOTS.goals).toJSON(),
      actions: doc.getArray(PLAN_ROOTS.actions).toJSON(),
      unmet: doc.getArray(PLAN_ROOTS.unmet).toJSON(),
      decisions: doc.getArray(PLAN_ROOTS.decisions).toJSON(),
    }
  }
  if (part === 'person') {
    return {
      lifeProject: doc.getXmlFragment(PERSON_ROOTS.lifeProject).toString(),
      expectations: doc.getXmlFragment(PERSON_ROOTS.expectations).toString(),
      lifeProjectSections: mapJson(doc.getMap('lifeProjectSections')),
      views: mapJson(doc.getMap(PERSON_ROOTS.views)),
      relativeViews: mapJson(doc.getMap(PERSON_ROOTS.relativeViews)),
    }
  }
  return { notes: doc.getXmlFragment(HEALTH_ROOTS.notes).toString() }
}

/** A part of a version (base64 Yjs update, as `GET …/versions/:id` returns it) as JSON. */
export function versionPartJson(base64: string, part: 'plan' | 'person' | 'health'): Record<string, unknown> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, new Uint8Array(Buffer.from(base64, 'base64')))
  try {
    return partJson(doc, part)
  } finally {
    doc.destroy()
  }
}
