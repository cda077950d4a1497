import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import type { ClientBindingRows } from '../storage/client-bindings.ts'
import { SyncRefusal, type Extension } from '../sync/extension.ts'

/**
 * Decides, for every incoming update and awareness entry, whether this
 * connection may make it: the part's access (decided once at upgrade by the
 * policy) and the binding of Yjs client ids to the user who first used them.
 */
export function authorizeExtension({ bindings }: { bindings: ClientBindingRows }): Extension {
  return {
    name: 'authorize',

    beforeUnloadDocument({ docName }) {
      bindings.forget(docName)
    },

    onAuthorizeUpdate({ docName, doc, connection, update, newClients }) {
      const { principal } = connection
      if (principal.access === 'read') {
        // A reader's step 2 is harmless when it adds nothing and deletes
        // nothing not already deleted; anything else is a violation.
        if (newClients.size > 0 || !Y.snapshotContainsUpdate(Y.snapshot(doc), update)) {
          throw new SyncRefusal(CloseCode.forbidden, 'read-only connection tried to change the document')
        }
        return
      }
      for (const clientId of newClients.keys()) {
        const owner = bindings.owner(docName, clientId)
        if (owner !== undefined && owner !== principal.userId) {
          throw new SyncRefusal(CloseCode.forbidden, `client id ${clientId} belongs to another user`)
        }
      }
      try {
        for (const clientId of newClients.keys()) bindings.bind(docName, clientId, principal.userId)
      } catch (error) {
        // The binding is stored before the update; if storage refuses it, the update is refused the same retryable way.
        throw new SyncRefusal(CloseCode.storageUnavailable, `client binding not stored: ${(error as Error).message}`)
      }
    },

    onFilterAwareness(payload) {
      const { connection, docName } = payload
      const own = connection.awarenessClientIds
      payload.entries = payload.entries.filter((entry) => {
        if (own.size > 0 && !own.has(entry.clientId)) return false
        if (entry.state === null) return own.has(entry.clientId)
        const user = entry.state.user as { id?: unknown } | undefined
        if (!user || typeof user !== 'object' || user.id !== connection.principal.userId) return false
        const owner = bindings.owner(docName, entry.clientId)
        return owner === undefined || owner === connection.principal.userId
      })
    },
  }
}
