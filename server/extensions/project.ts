import type * as Y from 'yjs'
import { planRoots, readActions } from '../../shared/schema/plan.ts'
import type { PlanActionRows } from '../storage/plan-actions.ts'
import type { Extension } from '../sync/extension.ts'
import type { DocumentKey } from '../../shared/protocol/document-key.ts'
import type { Logger } from '../log.ts'
import { planProjection } from './plan-projection.ts'

/**
 * Projects each plan's live actions into SQL (debounced after changes to
 * `actions`, and at load), so "Mes actions" never loads documents per request.
 * Most edits in a meeting are text in the assessment or titles elsewhere: only
 * `actions` marks a plan for a new projection.
 */
export function projectExtension({ rows, log, debounceMs = 300 }: { rows: PlanActionRows; log: Logger; debounceMs?: number }): Extension & {
  projectNow(documentKey: DocumentKey, doc: Y.Doc): Promise<void>
} {
  return planProjection({
    name: 'project',
    log,
    debounceMs,
    watch: (doc, markDirty) => planRoots(doc).actions.observeDeep(markDirty),
    project: (situationId, doc) =>
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
      ),
  })
}
