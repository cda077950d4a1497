import type * as Y from 'yjs'
import type { Extension } from '../sync/extension.ts'
import { toDocumentName, type DocumentKey } from '../../shared/protocol/document-key.ts'
import type { Logger } from '../log.ts'

export interface PlanProjectionOptions {
  /** The extension's name, also used in the failure log line. */
  name: string
  log: Logger
  debounceMs?: number
  /**
   * Subscribes to the roots this projection reads and calls `markDirty` when
   * they change: edits elsewhere (assessment text, titles) must not cost a
   * SQL rewrite every `debounceMs`.
   */
  watch(doc: Y.Doc, markDirty: () => void): void
  /**
   * Writes the plan's rows into SQL; failing (or rejecting) leaves the plan dirty for the next change or the unload.
   * The document is read before the first await: the write may finish after the document changed again.
   */
  project(situationId: string, doc: Y.Doc): void | Promise<void>
}

/**
 * A projection of each live plan into SQL: at load, debounced after changes
 * to the roots it watches, and at unload if a change is pending or a run
 * failed. Shared by the action list ("Mes actions") and the territory's needs.
 */
export function planProjection({ name, log, debounceMs = 300, watch, project }: PlanProjectionOptions): Extension & {
  projectNow(documentKey: DocumentKey, doc: Y.Doc): Promise<void>
} {
  /** Timers are keyed by the plan's situation (only plans are projected). */
  const timers = new Map<string, NodeJS.Timeout>()
  const dirty = new WeakSet<Y.Doc>()
  const watched = new WeakSet<Y.Doc>()

  /** Never rejects: a failure is logged and leaves the plan dirty (the hooks and the timer need no catch). */
  const projectNow = async ({ situationId, part }: DocumentKey, doc: Y.Doc): Promise<void> => {
    if (part !== 'plan') return
    if (!watched.has(doc)) {
      watched.add(doc)
      watch(doc, () => dirty.add(doc))
    }
    dirty.delete(doc)
    try {
      await project(situationId, doc)
    } catch (error) {
      dirty.add(doc)
      log.error(`${name} failed; will retry on the next change`, { doc: toDocumentName({ situationId, part }), error: (error as Error).message })
    }
  }

  const schedule = (documentKey: DocumentKey, doc: Y.Doc) => {
    const { situationId } = documentKey
    if (documentKey.part !== 'plan' || timers.has(situationId) || !dirty.has(doc)) return
    timers.set(
      situationId,
      setTimeout(() => {
        timers.delete(situationId)
        if (!doc.isDestroyed) void projectNow(documentKey, doc)
      }, debounceMs),
    )
  }

  /** At unload: a pending projection, or one that failed and was never retried, runs now. */
  const flush = async (documentKey: DocumentKey, doc: Y.Doc): Promise<void> => {
    if (documentKey.part !== 'plan') return
    const timer = timers.get(documentKey.situationId)
    if (timer) {
      clearTimeout(timer)
      timers.delete(documentKey.situationId)
    }
    if (timer || dirty.has(doc)) await projectNow(documentKey, doc)
  }

  return {
    name,
    projectNow,
    onLoadDocument: ({ documentKey, doc }) => projectNow(documentKey, doc),
    afterApplyUpdate: ({ documentKey, doc }) => schedule(documentKey, doc),
    afterServerChange: ({ documentKey, doc }) => schedule(documentKey, doc),
    beforeUnloadDocument: ({ documentKey, doc }) => flush(documentKey, doc),
  }
}
