import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { Budgets } from '../../shared/protocol/limits.ts'
import type { ClientBindingRows } from '../storage/client-bindings.ts'
import { SyncRefusal, type Extension } from '../sync/extension.ts'
import { deletesNothingNew } from '../sync/update-check.ts'

/**
 * Decides, for every incoming update and awareness entry, whether this
 * connection may make it: the part's access (decided once at upgrade by the
 * policy) and the binding of Yjs client ids to the user who first used them.
 * What a permitted writer may do to the document itself is the document-rules
 * check (server/rules/), which runs before this one.
 */
export function authorizeExtension({ bindings }: { bindings: ClientBindingRows }): Extension {
  return {
    name: 'authorize',

    // Loaded before any update of the document is authorized: the checks below run synchronously (runHooksSync) and answer from memory.
    async onLoadDocument({ documentKey }) {
      await bindings.load(documentKey)
    },

    beforeUnloadDocument({ documentKey }) {
      bindings.forget(documentKey)
    },

    onAuthorizeUpdate({ documentKey, doc, connection, decoded, newClients, presenceHolder }) {
      const { principal } = connection
      if (principal.access === 'read') {
        // A reader's step 2 is harmless when it adds nothing and deletes
        // nothing not already deleted; anything else is a violation.
        if (newClients.size > 0 || decoded.structs.length > 0 || !deletesNothingNew(doc, decoded.ds)) {
          throw new SyncRefusal(CloseCode.forbidden, 'read-only connection tried to change the document', 'read-only')
        }
        return
      }
      for (const clientId of newClients.keys()) {
        const owner = bindings.owner(documentKey, clientId)
        if (owner !== undefined && owner !== principal.userId) {
          throw new SyncRefusal(CloseCode.forbidden, `client id ${clientId} belongs to another user`, 'client-id-binding')
        }
        // Bind or refuse consistently with presence: an id another user's
        // connection shows as its presence is theirs, even before they edit.
        const holder = presenceHolder(clientId)
        if (owner === undefined && holder && holder.principal.userId !== principal.userId) {
          throw new SyncRefusal(CloseCode.forbidden, `client id ${clientId} is another user's presence`, 'client-id-binding')
        }
      }
      try {
        for (const clientId of newClients.keys()) bindings.bind(documentKey, clientId, principal.userId)
      } catch (error) {
        // Bound in memory here; the persist step stores the update only once the binding is committed (a failure refuses it then, retryably).
        throw new SyncRefusal(CloseCode.storageUnavailable, `client binding not stored: ${(error as Error).message}`, 'storage')
      }
    },

    onFilterAwareness(payload) {
      const { connection, documentKey, presenceHolder } = payload
      const own = connection.awarenessClientIds
      // Client ids this connection publishes, counting the ones accepted earlier in this same frame.
      const publishing = new Set(own)
      payload.entries = payload.entries.filter((entry) => {
        if (!publishing.has(entry.clientId) && publishing.size >= Budgets.awarenessClientsPerConnection) return false
        // Another user's presence is never taken over; the same user's new
        // connection may take its own id back from a socket not reaped yet.
        const holder = presenceHolder(entry.clientId)
        if (holder && holder !== connection && holder.principal.userId !== connection.principal.userId) return false
        if (entry.state === null) return own.has(entry.clientId)
        const user = entry.state.user as { id?: unknown } | undefined
        if (!user || typeof user !== 'object' || user.id !== connection.principal.userId) return false
        if (JSON.stringify(entry.state).length > Budgets.awarenessStateBytes) return false
        const owner = bindings.owner(documentKey, entry.clientId)
        if (owner !== undefined && owner !== connection.principal.userId) return false
        publishing.add(entry.clientId)
        return true
      })
    },
  }
}
