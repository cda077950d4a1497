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
      if (docName.endsWith('/person')) checkPersonKeys(doc, update, newClients, principal)
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

/**
 * Per-key rules of the person's section: `views` is written by the person or
 * the legal representative only; `relativeViews` keys are `<rowId>:<userId>`,
 * each written only by that relative. Checked on every new item the update
 * brings: a first write to a key names its root and key; an overwrite names
 * only the item it replaces (its origin), found in the update or the document.
 */
function checkPersonKeys(doc: Y.Doc, update: Uint8Array, newClients: Map<number, number>, principal: { userId: string; role: string }): void {
  const structs = Y.decodeUpdate(update).structs
  const local = new Map<string, Y.Item>()
  for (const struct of structs) if (struct instanceof Y.Item) local.set(`${struct.id.client}:${struct.id.clock}`, struct)
  const roots = new Map<unknown, string>([...doc.share.entries()].map(([name, type]) => [type, name]))

  const locate = (item: Y.Item, depth = 0): { root: string; key: string | null } | null => {
    if (typeof item.parent === 'string') return { root: item.parent, key: item.parentSub }
    if (item.parent !== null || depth > 64) return null // a nested type, not a root map entry
    const ref = item.origin ?? item.rightOrigin
    if (!ref) return null
    const inUpdate = local.get(`${ref.client}:${ref.clock}`)
    if (inUpdate) return locate(inUpdate, depth + 1)
    let known: Y.Item | Y.GC
    try {
      known = Y.getItem(doc.store, ref)
    } catch {
      return null
    }
    if (!(known instanceof Y.Item)) return null
    const root = roots.get(known.parent)
    return root ? { root, key: known.parentSub } : null
  }

  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !newClients.has(struct.id.client)) continue
    const place = locate(struct)
    if (!place) continue
    if (place.root === 'views' && principal.role !== 'person' && principal.role !== 'legalRepresentative') {
      throw new SyncRefusal(CloseCode.forbidden, 'only the person or their legal representative write views')
    }
    if (place.root === 'relativeViews' && (principal.role !== 'relative' || !place.key?.endsWith(`:${principal.userId}`))) {
      throw new SyncRefusal(CloseCode.forbidden, 'a relative writes only their own views')
    }
  }
}
