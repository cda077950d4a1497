import type { Db } from './db.ts'

/**
 * Which user first used each Yjs client id in a document (authorship that
 * survives restarts). Rows of loaded documents are cached; every bind goes
 * through here, so the cache cannot go stale.
 */
export function createClientBindingRows(db: Db) {
  const forDoc = db.prepare('SELECT client_id AS clientId, user_id AS userId FROM client_bindings WHERE doc = ?')
  const insert = db.prepare('INSERT OR IGNORE INTO client_bindings (doc, client_id, user_id, created_at) VALUES (?, ?, ?, ?)')
  const cache = new Map<string, Map<number, string>>()

  const load = (doc: string): Map<number, string> => {
    let map = cache.get(doc)
    if (!map) {
      map = new Map((forDoc.all(doc) as { clientId: number; userId: string }[]).map((row) => [row.clientId, row.userId]))
      cache.set(doc, map)
    }
    return map
  }

  return {
    /** The user bound to a client id, if any. */
    owner: (doc: string, clientId: number): string | undefined => load(doc).get(clientId),
    /** All bindings of a document (authorship labels). */
    forDoc: (doc: string): ReadonlyMap<number, string> => load(doc),
    /** Binds a client id to a user unless it is already bound; returns the owner. */
    bind(doc: string, clientId: number, userId: string): string {
      const map = load(doc)
      const existing = map.get(clientId)
      if (existing !== undefined) return existing
      insert.run(doc, clientId, userId, Date.now())
      map.set(clientId, userId)
      return userId
    },
    /** Drops the cache of an unloaded document. */
    forget: (doc: string): void => void cache.delete(doc),
  }
}
export type ClientBindingRows = ReturnType<typeof createClientBindingRows>
