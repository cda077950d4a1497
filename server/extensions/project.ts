import type * as Y from 'yjs'
import { planRoots, readActions } from '../../shared/schema/plan.ts'
import type { PlanActionRows } from '../storage/plan-actions.ts'
import type { Extension } from '../sync/extension.ts'
import { toDocumentName, type DocumentKey } from '../../shared/protocol/document-key.ts'
import type { Logger } from '../log.ts'

/**
 * Projects each plan's live actions into SQL (debounced after persisted
 * changes, and at load), so "Mes actions" never loads documents per request.
 */
export function projectExtension({ rows, log, debounceMs = 300 }: { rows: PlanActionRows; log: Logger; debounceMs?: number }): Extension & {
  projectNow(documentKey: DocumentKey, doc: Y.Doc): void
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
  const projectNow = ({ situationId, part }: DocumentKey, doc: Y.Doc) => {
    if (part !== 'plan') return
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
      log.error('action projection failed; will retry on the next change', { doc: toDocumentName({ situationId, part }), error: (error as Error).message })
    }
  }

  /** Timers are keyed by the plan's situation (only plans are projected). */
  const schedule = (documentKey: DocumentKey, doc: Y.Doc) => {
    const { situationId } = documentKey
    if (documentKey.part !== 'plan' || timers.has(situationId) || !dirty.has(doc)) return
    timers.set(
      situationId,
      setTimeout(() => {
        timers.delete(situationId)
        if (!doc.isDestroyed) projectNow(documentKey, doc)
      }, debounceMs),
    )
  }

  /** At unload: a pending projection, or one that failed and was never retried, runs now. */
  const flush = (documentKey: DocumentKey, doc: Y.Doc) => {
    if (documentKey.part !== 'plan') return
    const timer = timers.get(documentKey.situationId)
    if (timer) {
      clearTimeout(timer)
      timers.delete(documentKey.situationId)
    }
    if (timer || dirty.has(doc)) projectNow(documentKey, doc)
  }

  return {
    name: 'project',
    projectNow,
    onLoadDocument: ({ documentKey, doc }) => projectNow(documentKey, doc),
    afterApplyUpdate: ({ documentKey, doc }) => schedule(documentKey, doc),
    afterServerChange: ({ documentKey, doc }) => schedule(documentKey, doc),
    beforeUnloadDocument: ({ documentKey, doc }) => flush(documentKey, doc),
  }
}
