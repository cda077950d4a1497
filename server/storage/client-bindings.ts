import type { SqlDb } from './sql/schema.ts'
import { toDocumentName, type DocumentKey } from '../../shared/protocol/document-key.ts'
import type { Part } from '../../shared/schema/roots.ts'

/** A loaded document's bindings: who owns each client id, and the writes not yet committed. */
interface Loaded {
  owners: Map<number, string>
  /** One per client id bound through `bind` and not stored yet; settles once the row is committed or refused. */
  writes: Map<number, Promise<void>>
}

/**
 * Which user first used each Yjs client id in a document (authorship that
 * survives restarts). A document is named by its key; the `doc` column (and
 * the cache) hold its wire name, made here.
 *
 * The sync hot path (the authorize and document-rules checks run through
 * runHooksSync, sync/room.ts) cannot wait for the data layer, which is
 * asynchronous on both engines (docs/decisions/018). So a document's rows
 * are loaded into memory before any of its updates is authorized (`load`,
 * from the authorize extension's onLoadDocument), answered from memory
 * there (`owner`, `bind`), written through on each bind and dropped on
 * unload (`forget`). A bind made on the hot path is stored asynchronously:
 * the persist step waits for it (`stored`) before appending the update that
 * brought the client id, so an update is never stored without its binding.
 * A binding whose row cannot be stored leaves memory too.
 */
export function createClientBindingRows(sql: SqlDb) {
  /**
   * Keyed by situation, then part: the rules check asks a document's owner
   * of every struct of an update, and building the document's name for each
   * lookup cost more than the lookup itself (issue 17's profile).
   */
  const loaded = new Map<string, Map<Part, Loaded>>()
  const lookup = (key: DocumentKey): Loaded | undefined => loaded.get(key.situationId)?.get(key.part)
  const keep = (key: DocumentKey, entry: Loaded) => {
    let parts = loaded.get(key.situationId)
    if (!parts) loaded.set(key.situationId, (parts = new Map()))
    parts.set(key.part, entry)
  }
  const drop = (key: DocumentKey) => {
    const parts = loaded.get(key.situationId)
    parts?.delete(key.part)
    if (parts?.size === 0) loaded.delete(key.situationId)
  }

  const read = async (doc: string): Promise<Map<number, string>> => {
    const rows = await sql.selectFrom('client_bindings').select(['client_id as clientId', 'user_id as userId']).where('doc', '=', doc).execute()
    return new Map(rows.map((row) => [Number(row.clientId), row.userId]))
  }

  /** Inserts a binding unless the id is bound already; answers the owner now stored. */
  const insert = async (doc: string, clientId: number, userId: string): Promise<string> => {
    const result = await sql
      .insertInto('client_bindings')
      .values({ doc, client_id: clientId, user_id: userId, created_at: Date.now() })
      .onConflict((oc) => oc.columns(['doc', 'client_id']).doNothing())
      .executeTakeFirst()
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 1) return userId
    const row = await sql.selectFrom('client_bindings').select('user_id').where('doc', '=', doc).where('client_id', '=', clientId).executeTakeFirst()
    return row?.user_id ?? userId
  }

  const loadedOf = (key: DocumentKey): Loaded => {
    const entry = lookup(key)
    // The authorize extension loads every document before its first update: reaching here means a hook order broke.
    if (!entry) throw new Error(`client bindings of ${toDocumentName(key)} are not loaded`)
    return entry
  }

  /**
   * Binds a client id to a user unless it is already bound; returns the
   * owner at once, from memory (the sync hot path: the document must be
   * loaded). The row is written in the background; `stored` says when.
   */
  function bind(key: DocumentKey, clientId: number, userId: string): string {
    const entry = loadedOf(key)
    const existing = entry.owners.get(clientId)
    if (existing !== undefined) return existing
    entry.owners.set(clientId, userId)
    const doc = toDocumentName(key)
    const write = insert(doc, clientId, userId).then(
      (owner) => {
        if (entry.writes.get(clientId) === write) entry.writes.delete(clientId)
        if (owner !== userId) {
          // Bound elsewhere meanwhile: the stored owner counts, and the update that claimed the id is refused.
          entry.owners.set(clientId, owner)
          throw new Error(`client id ${clientId} of ${doc} is already bound to another user`)
        }
      },
      (error: unknown) => {
        if (entry.writes.get(clientId) === write) entry.writes.delete(clientId)
        // Not durable, so not bound: a later update may bind the id again.
        if (entry.owners.get(clientId) === userId) entry.owners.delete(clientId)
        throw error
      },
    )
    entry.writes.set(clientId, write)
    // Whoever stores the update awaits `stored` and hears the failure; nobody else has to.
    write.catch(() => {})
    return userId
  }

  /**
   * Null when every given client id of a loaded document is bound and its
   * row committed; else a promise that resolves once they are, and rejects
   * if one is not (its write failed, or it was never bound). The persist
   * step calls it before appending an update; null lets it append at once.
   */
  function stored(key: DocumentKey, clientIds: Iterable<number>): Promise<void> | null {
    const entry = loadedOf(key)
    const bound = (clientId: number) => {
      if (!entry.owners.has(clientId)) throw new Error(`client id ${clientId} of ${toDocumentName(key)} is not bound`)
    }
    const writes: Promise<void>[] = []
    for (const clientId of clientIds) {
      const write = entry.writes.get(clientId)
      if (write) writes.push(write.then(() => bound(clientId)))
      else bound(clientId)
    }
    return writes.length === 0 ? null : Promise.all(writes).then(() => undefined)
  }

  return {
    /**
     * Reads a document's bindings into memory (the room's load; always from
     * storage, so a reloaded document never answers from an older copy).
     */
    async load(key: DocumentKey): Promise<void> {
      const owners = await read(toDocumentName(key))
      keep(key, { owners, writes: new Map() })
    },
    /** The user bound to a client id, if any, from memory: the document must be loaded. */
    owner: (key: DocumentKey, clientId: number): string | undefined => loadedOf(key).owners.get(clientId),
    /** All bindings of a document (authorship labels): from memory when loaded, else from storage. */
    async forDoc(key: DocumentKey): Promise<ReadonlyMap<number, string>> {
      return lookup(key)?.owners ?? read(toDocumentName(key))
    },
    /** Binds a client id to a user unless it is already bound; returns the owner at once (see above). */
    bind,
    /**
     * Binds a client id to a user unless it is already bound, once the row is
     * stored; returns the owner. For callers off the hot path (a server-side
     * edit, a new situation's first state), loaded or not.
     */
    async bindStored(key: DocumentKey, clientId: number, userId: string): Promise<string> {
      const entry = lookup(key)
      if (entry) {
        const owner = bind(key, clientId, userId)
        await stored(key, [clientId])
        return owner
      }
      const owner = await insert(toDocumentName(key), clientId, userId)
      // Loaded while the row was being written: memory learns it too.
      const now = lookup(key)
      if (now && !now.owners.has(clientId)) now.owners.set(clientId, owner)
      return owner
    },
    /** Null once the given client ids' bindings are committed, else a promise of it (see above). */
    stored,
    /** Drops the memory of an unloaded document. */
    forget: drop,
  }
}
export type ClientBindingRows = ReturnType<typeof createClientBindingRows>
