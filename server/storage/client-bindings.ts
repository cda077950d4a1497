import type { Db } from './db.ts'
import { toDocumentName, type DocumentKey } from '../../shared/protocol/document-key.ts'

/**
 * Which user first used each Yjs client id in a document (authorship that
 * survives restarts). Rows of loaded documents are cached; every bind goes
 * through here, so the cache cannot go stale. A document is named by its
 * key; the `doc` column (and the cache) hold its wire name, made here.
 */
export function createClientBindingRows(db: Db) {
  const forDoc = db.prepare('SELECT client_id AS clientId, user_id AS userId FROM client_bindings WHERE doc = ?')
  const insert = db.prepare('INSERT OR IGNORE INTO client_bindings (doc, client_id, user_id, created_at) VALUES (?, ?, ?, ?)')
  const cache = new Map<string, Map<number, string>>()

  const load = (key: DocumentKey): Map<number, string> => {
    const doc = toDocumentName(key)
    let map = cache.get(doc)
    if (!map) {
      map = new Map((forDoc.all(doc) as { clientId: number; userId: string }[]).map((row) => [row.clientId, row.userId]))
      cache.set(doc, map)
    }
    return map
  }

  return {
    /** The user bound to a client id, if any. */
    owner: (key: DocumentKey, clientId: number): string | undefined => load(key).get(clientId),
    /** All bindings of a document (authorship labels). */
    forDoc: (key: DocumentKey): ReadonlyMap<number, string> => load(key),
    /** Binds a client id to a user unless it is already bound; returns the owner. */
    bind(key: DocumentKey, clientId: number, userId: string): string {
      const map = load(key)
      const existing = map.get(clientId)
      if (existing !== undefined) return existing
      insert.run(toDocumentName(key), clientId, userId, Date.now())
      map.set(clientId, userId)
      return userId
    },
    /** Drops the cache of an unloaded document. */
    forget: (key: DocumentKey): void => void cache.delete(toDocumentName(key)),
  }
}
export type ClientBindingRows = ReturnType<typeof createClientBindingRows>
