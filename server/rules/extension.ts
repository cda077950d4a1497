import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { toDocumentName } from '../../shared/protocol/document-key.ts'
import type { Part } from '../../shared/schema/roots.ts'
import { planRoots } from '../../shared/schema/plan.ts'
import type { ClientBindingRows } from '../storage/client-bindings.ts'
import { SyncRefusal, type Extension } from '../sync/extension.ts'
import type { Logger } from '../log.ts'
import { checkEffects } from './check.ts'
import { MalformedUpdate, resolveEffects } from './resolve.ts'
import { deletesNothingNew } from '../sync/update-check.ts'

export interface DocumentRulesDeps {
  bindings: ClientBindingRows
  log: Logger
  /** False once the situation is closed (SQL is the authority): writes are refused until it is reopened. */
  isOpen(situationId: string): boolean
  /** The live document of a loaded room, if any (the plan, for the ids the person's views name). */
  liveDoc(documentName: string): Y.Doc | undefined
  /** The plan's full state, loading it if needed (once per load of a person's section). */
  planState(situationId: string): Promise<Uint8Array>
}

const rowIdsOf = (doc: Y.Doc): Set<string> => {
  const ids = new Set<string>()
  const { goals, actions } = planRoots(doc)
  for (const array of [goals, actions]) {
    for (const row of array) if (row instanceof Y.Map && typeof row.get('id') === 'string') ids.add(row.get('id') as string)
  }
  return ids
}

/**
 * The document-rules check (DESIGN.md 5b), beside the rights check: every
 * update of a writer, on every part, is resolved against the stored document
 * (server/rules/resolve.ts) and judged by the table (server/rules/table.ts)
 * before anything is stored. A refusal names its rule; the room closes the
 * sender with the rule's code and the audit extension records it.
 *
 * Runs before `authorize`, so a refused update binds no client id.
 */
export function documentRulesExtension({ bindings, log, isOpen, liveDoc, planState }: DocumentRulesDeps): Extension & {
  /** Situations whose plan row ids are held in memory (a plan or a person section loaded). */
  heldRowIds(): number
} {
  /** Goal and action ids per situation, kept while its person section is loaded and the plan is not. */
  const knownRowIds = new Map<string, Set<string>>()

  const rowIds = (situationId: string): ReadonlySet<string> | null => {
    const plan = liveDoc(toDocumentName({ situationId, part: 'plan' }))
    if (plan) {
      const ids = rowIdsOf(plan)
      knownRowIds.set(situationId, ids)
      return ids
    }
    return knownRowIds.get(situationId) ?? null
  }

  return {
    name: 'documentRules',
    heldRowIds: () => knownRowIds.size,

    async afterLoadDocument({ documentKey: target, documentName, doc }) {
      if (target.part === 'plan') {
        knownRowIds.set(target.situationId, rowIdsOf(doc))
        return
      }
      if (target.part !== 'person' || knownRowIds.has(target.situationId)) return
      try {
        const plan = new Y.Doc({ gc: true })
        Y.applyUpdate(plan, await planState(target.situationId))
        knownRowIds.set(target.situationId, rowIdsOf(plan))
        plan.destroy()
      } catch (error) {
        // Without the ids, keys are checked by shape only; the other rules still hold.
        log.warn('plan row ids not loaded for the views check', { doc: documentName, error: (error as Error).message })
      }
    },

    beforeUnloadDocument({ documentKey: target, doc }) {
      const { situationId } = target
      if (target.part === 'plan') {
        // Kept for a person section still open (its views name plan rows); otherwise nothing will read them again.
        if (liveDoc(toDocumentName({ situationId, part: 'person' }))) knownRowIds.set(situationId, rowIdsOf(doc))
        else knownRowIds.delete(situationId)
      } else if (target.part === 'person') knownRowIds.delete(situationId)
    },

    onAuthorizeUpdate({ documentKey, doc, connection, decoded, accepted }) {
      const { principal } = connection
      // Readers are judged by `authorize` (a reader's update must be a no-op).
      if (principal.access !== 'write') return
      if (!isOpen(principal.situationId)) {
        // A frame that changes nothing (a writer's empty sync step 2 that crossed the closing) is not a write:
        // refusing it would end, with a terminal code, a connection the closing re-decides anyway (4509).
        if (decoded.structs.length === 0 && deletesNothingNew(doc, decoded.ds)) return
        throw new SyncRefusal(CloseCode.forbidden, 'the situation is closed: read-only until reopened', 'closed-situation-read-only')
      }
      let violation
      try {
        const effects = resolveEffects(doc, decoded, accepted())
        violation = checkEffects(effects, {
          part: principal.part as Part,
          writer: { userId: principal.userId, role: principal.role },
          ownerOf: (client) => bindings.owner(documentKey, client),
          rowIds: () => rowIds(principal.situationId),
        })
      } catch (error) {
        if (error instanceof MalformedUpdate) throw new SyncRefusal(CloseCode.updateRejected, `malformed update: ${error.message}`, 'well-formed')
        throw error
      }
      if (violation) throw new SyncRefusal(violation.code, `${violation.rule}: ${violation.message}`, violation.rule)
    },
  }
}
