import type * as Y from 'yjs'
import { planRoots, readActions } from '../../shared/schema/plan.ts'
import type { PlanActionRows } from '../storage/plan-actions.ts'
import type { Extension } from '../sync/extension.ts'
import type { Logger } from '../log.ts'

/**
 * Projects each plan's live actions into SQL (debounced after persisted
 * changes, and at load), so "Mes actions" never loads documents per request.
 */
export function projectExtension({ rows, log, debounceMs = 300 }: { rows: PlanActionRows; log: Logger; debounceMs?: number }): Extension & {
  projectNow(docName: string, doc: Y.Doc): void
} {
  const timers = new Map<string, NodeJS.Timeout>()
  /**
   * Documents whose `actions` changed since their last projection. Most
   * edits in a meeting are text in the assessment or titles elsewhere: they
   * must not cost a SQL rewrite of the situation's actions every 300 ms.
   */
  const dirty = new WeakSet<Y.Doc>()
  const watched = new WeakSet<Y.Doc>()
  const watch = (doc: Y.Doc) => {
    if (watched.has(doc)) return
    watched.add(doc)
    planRoots(doc).actions.observeDeep(() => dirty.add(doc))
  }
  const situationOf = (docName: string): string | null => (docName.endsWith('/plan') ? docName.slice(0, -'/plan'.length) : null)

  const projectNow = (docName: string, doc: Y.Doc) => {
    const situationId = situationOf(docName)
    if (!situationId) return
    watch(doc)
    dirty.delete(doc)
    try {
      rows.replace(
        situationId,
        readActions(doc)
          .filter((action) => action.deletedAt === null)
          .map((action) => ({
            actionId: action.id,
            goalId: action.goalId,
            title: action.title,
            owner: action.owner,
            dueDate: action.dueDate,
            status: action.status,
          })),
      )
    } catch (error) {
      dirty.add(doc)
      log.error('action projection failed; will retry on the next change', { doc: docName, error: (error as Error).message })
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

  /** At unload: a pending projection, or one that failed and was never retried, runs now. */
  const flush = (docName: string, doc: Y.Doc) => {
    const timer = timers.get(docName)
    if (timer) {
      clearTimeout(timer)
      timers.delete(docName)
    }
    if (timer || dirty.has(doc)) projectNow(docName, doc)
  }

  return {
    name: 'project',
    projectNow,
    onLoadDocument: ({ docName, doc }) => projectNow(docName, doc),
    afterApplyUpdate: ({ docName, doc }) => schedule(docName, doc),
    afterServerChange: ({ docName, doc }) => schedule(docName, doc),
    beforeUnloadDocument: ({ docName, doc }) => flush(docName, doc),
  }
}
