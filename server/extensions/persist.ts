import * as Y from 'yjs'
import type { DocumentStore } from '../storage/updates.ts'
import type { Extension } from '../sync/extension.ts'
import { STORAGE_ORIGIN } from '../sync/room.ts'
import type { Logger } from '../log.ts'

export interface PersistOptions {
  store: DocumentStore
  log: Logger
  /** Log rows after the snapshot that trigger a background compaction. */
  compactAfter?: number
}

interface DocState {
  /** Last log row applied to the in-memory document. */
  lastSeq: number
  /** Rows applied since the newest snapshot. */
  rowsSinceSnapshot: number
  compacting: boolean
}

/**
 * Loads documents from the store and makes every update durable before the
 * room applies and broadcasts it. Loading = newest intact snapshot + the log
 * after it; a damaged snapshot falls back to the older one, a row that cannot
 * be applied is quarantined: never a crash loop.
 */
export function persistExtension({ store, log, compactAfter = 500 }: PersistOptions): Extension & {
  compact(docName: string, doc: Y.Doc, force?: boolean): Promise<void>
} {
  const states = new Map<string, DocState>()

  const compact = async (docName: string, doc: Y.Doc, force = false): Promise<void> => {
    const state = states.get(docName)
    if (!state || state.compacting || state.lastSeq === 0 || (state.rowsSinceSnapshot === 0 && !force)) return
    state.compacting = true
    const uptoSeq = state.lastSeq
    const rows = state.rowsSinceSnapshot
    let remainingRows = 0
    try {
      ;({ remainingRows } = await store.compact(docName, Y.encodeStateAsUpdate(doc), uptoSeq))
      state.rowsSinceSnapshot = Math.max(0, state.rowsSinceSnapshot - rows)
    } catch (error) {
      log.error('compaction failed; the log still holds every update', { doc: docName, error: (error as Error).message })
      return
    } finally {
      state.compacting = false
    }
    // The log is kept from the older of the two snapshots (to rebuild from it
    // if the newest is damaged); when that tail is itself long, one more
    // snapshot of the same state lets it go.
    if (remainingRows >= compactAfter && state.rowsSinceSnapshot === 0) await compact(docName, doc, true)
  }

  const recordApplied = (docName: string, doc: Y.Doc, seq: number | undefined) => {
    const state = states.get(docName)
    if (!state || seq === undefined) return
    state.lastSeq = Math.max(state.lastSeq, seq)
    state.rowsSinceSnapshot++
    if (state.rowsSinceSnapshot >= compactAfter && !state.compacting) {
      // Off the update path: the broadcast has already gone out.
      setImmediate(() => void compact(docName, doc))
    }
  }

  return {
    name: 'persist',
    compact,

    async onLoadDocument({ docName, doc }) {
      const stored = await store.load(docName)
      let base: (typeof stored.snapshots)[number] | undefined
      for (const snapshot of stored.snapshots) {
        const problem = !snapshot.intact ? 'checksum mismatch' : tryDecode(snapshot.bytes)
        if (!problem) {
          base = snapshot
          break
        }
        log.error('CORRUPTED SNAPSHOT: rebuilding from an older snapshot and the log', { doc: docName, snapshot: snapshot.id, problem })
        await store.quarantine(docName, 'snapshot', snapshot.id, problem)
      }
      if (base) Y.applyUpdate(doc, base.bytes, STORAGE_ORIGIN)
      const from = base?.uptoSeq ?? 0
      let lastSeq = from
      let rows = 0
      for (const row of stored.updates) {
        if (row.id <= from) continue
        const problem = !row.intact ? 'checksum mismatch' : tryApply(doc, row.bytes)
        if (problem) {
          log.error('update row quarantined at load', { doc: docName, seq: row.id, problem })
          await store.quarantine(docName, 'update', row.id, problem)
          continue
        }
        lastSeq = row.id
        rows++
      }
      states.set(docName, { lastSeq, rowsSinceSnapshot: rows, compacting: false })
      // A long log makes every cold load slow: compact right away.
      if (rows >= compactAfter) await compact(docName, doc)
    },

    async onStoreUpdate(payload) {
      payload.seq = await store.append(payload.docName, payload.update)
    },

    async onApplyFailed({ docName, seq }) {
      if (seq !== undefined) await store.remove(docName, seq)
    },

    afterApplyUpdate({ docName, doc, seq }) {
      recordApplied(docName, doc, seq)
    },

    async onStoreServerChange(payload) {
      payload.seq = await store.append(payload.docName, payload.update)
    },

    afterServerChange({ docName, doc, seq }) {
      recordApplied(docName, doc, seq)
    },

    async beforeUnloadDocument({ docName, doc }) {
      await compact(docName, doc)
      states.delete(docName)
    },
  }
}

const tryDecode = (bytes: Uint8Array): string | null => {
  try {
    Y.decodeUpdate(bytes)
    return null
  } catch (error) {
    return `undecodable: ${(error as Error).message}`
  }
}

const tryApply = (doc: Y.Doc, bytes: Uint8Array): string | null => {
  const problem = tryDecode(bytes)
  if (problem) return problem
  try {
    Y.applyUpdate(doc, bytes, STORAGE_ORIGIN)
    return null
  } catch (error) {
    return `cannot apply: ${(error as Error).message}`
  }
}
