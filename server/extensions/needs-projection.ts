import * as Y from 'yjs'
import { planRoots, readAssessmentNeeds, readUnmet } from '../../shared/schema/plan.ts'
import { ASSESSMENT_DOMAINS } from '../../shared/schema/roots.ts'
import type { TerritoryNeedRows, UnmetNeedRow } from '../storage/territory-needs.ts'
import type { Extension } from '../sync/extension.ts'
import type { Logger } from '../log.ts'

/**
 * Projects the SERAFIN-PH needs coded in each plan into SQL (the unmet
 * goals' `needCodes` with the kind of answer missing and since when, and the
 * needs listed in the assessment), debounced after changes and at load, so
 * the territory's dashboard counts from SQL and never loads a document.
 * Only `unmet` and `assessmentNeeds` changes mark a plan dirty: text typed in
 * a meeting costs nothing here.
 */
export function needsProjectionExtension({ rows, log, debounceMs = 300 }: { rows: TerritoryNeedRows; log: Logger; debounceMs?: number }): Extension & {
  projectNow(docName: string, doc: Y.Doc): void
} {
  const timers = new Map<string, NodeJS.Timeout>()
  const dirty = new WeakSet<Y.Doc>()
  const watched = new WeakSet<Y.Doc>()
  const watch = (doc: Y.Doc) => {
    if (watched.has(doc)) return
    watched.add(doc)
    const roots = planRoots(doc)
    roots.unmet.observeDeep(() => dirty.add(doc))
    roots.assessmentNeeds.observe(() => dirty.add(doc))
  }
  const situationOf = (docName: string): string | null => (docName.endsWith('/plan') ? docName.slice(0, -'/plan'.length) : null)

  const projectNow = (docName: string, doc: Y.Doc) => {
    const situationId = situationOf(docName)
    if (!situationId) return
    watch(doc)
    dirty.delete(doc)
    try {
      const writtenAt = new Map<unknown, unknown>()
      for (const row of planRoots(doc).unmet) if (row instanceof Y.Map) writtenAt.set(row.get('id'), row.get('createdAt'))
      const unmet: UnmetNeedRow[] = readUnmet(doc)
        .filter((row) => row.deletedAt === null)
        .flatMap((row) =>
          row.needCodes.map((needCode) => ({
            rowId: row.id,
            needCode,
            missingAnswer: row.missingAnswer,
            // Without a date in the plan, the need has been without its answer since the unmet goal was written.
            missingSince: row.missingSince ?? dayOf(writtenAt.get(row.id) ?? row.updatedAt),
          })),
        )
      const coded = readAssessmentNeeds(doc)
      const assessment = ASSESSMENT_DOMAINS.flatMap((domain) => coded[domain].map((need) => ({ domain, needCode: need.code })))
      rows.replace(situationId, unmet, assessment)
    } catch (error) {
      dirty.add(doc)
      log.error('needs projection failed; will retry on the next change', { doc: docName, error: (error as Error).message })
    }
  }

  const schedule = (docName: string, doc: Y.Doc) => {
    if (!situationOf(docName) || timers.has(docName) || !dirty.has(doc)) return
    timers.set(
      docName,
      setTimeout(() => {
        timers.delete(docName)
        if (!doc.isDestroyed) projectNow(docName, doc)
      }, debounceMs),
    )
  }

  const flush = (docName: string, doc: Y.Doc) => {
    const timer = timers.get(docName)
    if (timer) {
      clearTimeout(timer)
      timers.delete(docName)
    }
    if (timer || dirty.has(doc)) projectNow(docName, doc)
  }

  return {
    name: 'needs-projection',
    projectNow,
    onLoadDocument: ({ docName, doc }) => projectNow(docName, doc),
    afterApplyUpdate: ({ docName, doc }) => schedule(docName, doc),
    afterServerChange: ({ docName, doc }) => schedule(docName, doc),
    beforeUnloadDocument: ({ docName, doc }) => flush(docName, doc),
  }
}

const dayOf = (instant: unknown): string =>
  typeof instant === 'string' && /^\d{4}-\d{2}-\d{2}/.test(instant) ? instant.slice(0, 10) : new Date().toISOString().slice(0, 10)
