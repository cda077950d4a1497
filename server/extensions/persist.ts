import * as Y from 'yjs'
import type { DocumentStore } from '../storage/updates.ts'
import type { ClientBindingRows } from '../storage/client-bindings.ts'
import { toDocumentName, type DocumentKey } from '../../shared/protocol/document-key.ts'
import type { FencedError } from '../storage/postgres/fence.ts'
import { RoomSuperseded, type Extension, type LoadPayload, type ServerChangePayload, type UpdatePayload } from '../sync/extension.ts'
import { STORAGE_ORIGIN } from '../sync/room.ts'
import type { Logger } from '../log.ts'

export interface PersistOptions {
  store: DocumentStore
  log: Logger
  /** Log rows after the snapshot that trigger a background compaction. */
  compactAfter?: number
  /**
   * Past `compactAfter` rows, compaction also waits until the log since the
   * snapshot weighs this fraction of the snapshot (0: never waits); it never
   * waits past `MAX_DEFERRAL` × compactAfter rows. See `dueForCompaction`.
   */
  logToSnapshotRatio?: number
  /**
   * The client-id bindings the authorize check made in memory and stores in
   * the background (storage/client-bindings.ts): an update is appended only
   * once the bindings of the client ids it brings are committed, so a stored
   * update never outlives a lost binding.
   */
  bindings?: Pick<ClientBindingRows, 'stored'>
}

interface DocState {
  /** Last log row applied to the in-memory document. */
  lastSeq: number
  /** Rows applied since the newest snapshot. */
  rowsSinceSnapshot: number
  /** Their bytes. */
  bytesSinceSnapshot: number
  /** Bytes of the newest snapshot (0 without one). */
  snapshotBytes: number
  compacting: boolean
}

/** However light the log, a compaction comes by this many times `compactAfter` rows (bounds a load's replay). */
const MAX_DEFERRAL = 4

/**
 * Loads documents from the store and makes every update durable before the
 * room applies and broadcasts it. Loading = newest intact snapshot + the log
 * after it; a damaged snapshot falls back to the older one, a row that cannot
 * be applied is quarantined: never a crash loop.
 */
export function persistExtension({ store, log, compactAfter = 500, logToSnapshotRatio = 1, bindings }: PersistOptions): Extension & {
  compact(key: DocumentKey, doc: Y.Doc, force?: boolean): Promise<void>
} {
  const states = new Map<string, DocState>()

  /**
   * A compaction encodes the whole document: its cost follows the
   * document's size, not the rows it folds. Every `compactAfter` rows, a
   * large document typed in fast paid it over and over (issue 17: 4 % of
   * the busy time at 3,200 edits/s, and a pause of several ms each time).
   * Waiting until the log weighs as much as the snapshot makes the cost per
   * byte of log constant whatever the document's size, and a load replays
   * at most about the snapshot's own weight; `MAX_DEFERRAL` caps the rows.
   */
  const dueForCompaction = (state: DocState): boolean =>
    state.rowsSinceSnapshot >= compactAfter &&
    (logToSnapshotRatio === 0 ||
      state.bytesSinceSnapshot >= logToSnapshotRatio * state.snapshotBytes ||
      state.rowsSinceSnapshot >= MAX_DEFERRAL * compactAfter)

  const compact = async (key: DocumentKey, doc: Y.Doc, force = false): Promise<void> => {
    const documentName = toDocumentName(key)
    const state = states.get(documentName)
    if (!state || state.compacting || state.lastSeq === 0 || (state.rowsSinceSnapshot === 0 && !force)) return
    state.compacting = true
    const uptoSeq = state.lastSeq
    const rows = state.rowsSinceSnapshot
    const bytes = state.bytesSinceSnapshot
    let remainingRows = 0
    try {
      const snapshot = Y.encodeStateAsUpdate(doc)
      ;({ remainingRows } = await store.compact(key, snapshot, uptoSeq))
      // Rows applied while the snapshot was being written stay counted.
      state.rowsSinceSnapshot = Math.max(0, state.rowsSinceSnapshot - rows)
      state.bytesSinceSnapshot = Math.max(0, state.bytesSinceSnapshot - bytes)
      state.snapshotBytes = snapshot.byteLength
    } catch (error) {
      log.error('compaction failed; the log still holds every update', { doc: documentName, error: (error as Error).message })
      return
    } finally {
      state.compacting = false
    }
    // The log is kept from the older of the two snapshots (to rebuild from it
    // if the newest is damaged): normally the rows just folded, at most
    // MAX_DEFERRAL × compactAfter. A longer tail (a load that replayed a long
    // log) goes with one more snapshot of the same state. Not for the usual
    // tail: that second snapshot encoded and wrote the document a second time
    // at every compaction, and left two copies of one state instead of an
    // older state to fall back on (issue 17). Once: a second one at the same
    // uptoSeq cannot shorten the log further, and a store that kept reporting
    // a long tail (the worker writer counting rows this room has not applied
    // yet did, decision 019) would otherwise recompact in a loop of
    // microtasks that starves the event loop.
    if (!force && remainingRows > MAX_DEFERRAL * compactAfter && state.rowsSinceSnapshot === 0) await compact(key, doc, true)
  }

  /**
   * Per document, the wait of the latest update that had to wait for its
   * client bindings (settled either way). An update appends only after the
   * ones before it: the log keeps arrival order, which the room applies in
   * and compaction's `uptoSeq` counts on.
   */
  const waiting = new Map<string, Promise<void>>()

  /** Null when the update may be appended at once; else what it must wait for first. */
  const bindingsStored = ({ documentKey, documentName, newClients }: UpdatePayload): Promise<void> | null => {
    const own = bindings && newClients.size > 0 ? bindings.stored(documentKey, newClients.keys()) : null
    const before = waiting.get(documentName)
    if (!own && !before) return null
    // Handled now, awaited below once the earlier update has appended.
    own?.catch(() => {})
    const gate = before ? before.then(() => own ?? undefined) : own!
    const settled: Promise<void> = gate
      .catch(() => {})
      .then(() => {
        if (waiting.get(documentName) === settled) waiting.delete(documentName)
      })
    waiting.set(documentName, settled)
    return gate
  }

  /** An applied update, a client's or the server's own: counted toward the next compaction. */
  const recordApplied = ({ documentKey, documentName, doc, seq, update }: UpdatePayload | ServerChangePayload) => {
    const state = states.get(documentName)
    if (!state || seq === undefined) return
    state.lastSeq = Math.max(state.lastSeq, seq)
    state.rowsSinceSnapshot++
    state.bytesSinceSnapshot += update.byteLength
    if (!state.compacting && dueForCompaction(state)) {
      // Off the update path: the broadcast has already gone out. Every row
      // applied in this turn queues one; the first compacts, and the others
      // find it done (or running) and stop there.
      setImmediate(() => {
        if (!state.compacting && dueForCompaction(state)) void compact(documentKey, doc)
      })
    }
  }

  return {
    name: 'persist',
    compact,

    async onLoadDocument(payload) {
      try {
        await load(payload)
      } catch (error) {
        throw superseding(error)
      }
    },

    async onStoreUpdate(payload) {
      // A binding that failed to store refuses its update the retryable way (the room closes with storageUnavailable).
      const wait = bindingsStored(payload)
      if (wait) await wait
      try {
        payload.seq = await store.append(payload.documentKey, payload.update)
      } catch (error) {
        throw superseding(error)
      }
    },

    async onApplyFailed({ documentKey, seq }) {
      if (seq !== undefined) await store.remove(documentKey, seq)
    },

    afterApplyUpdate: recordApplied,

    async onStoreServerChange(payload) {
      try {
        payload.seq = await store.append(payload.documentKey, payload.update)
      } catch (error) {
        throw superseding(error)
      }
    },

    afterServerChange: recordApplied,

    async beforeUnloadDocument({ documentKey, doc }) {
      await compact(documentKey, doc)
      states.delete(toDocumentName(documentKey))
    },
  }

  /** Newest intact snapshot + the log after it; what cannot be applied is quarantined. */
  async function load({ documentKey, documentName, doc, offerStoredState }: LoadPayload): Promise<void> {
    const stored = await store.load(documentKey)
    // The newest snapshot with nothing logged after it is the whole
    // committed state: waiting clients can be answered from its bytes
    // while they are applied (a large document takes ~100 ms to build).
    const newest = stored.snapshots[0]
    if (offerStoredState && newest?.intact && !stored.updates.some((row) => row.id > newest.uptoSeq)) {
      await offerStoredState(newest.bytes)
    }
    // The checksum proves the bytes are the ones written (by
    // encodeStateAsUpdate), so an intact snapshot is applied directly,
    // without a second full decode; if applying still throws, the doc is
    // rebuilt from scratch with the next snapshot.
    let base: (typeof stored.snapshots)[number] | undefined
    for (const snapshot of stored.snapshots) {
      const problem = !snapshot.intact ? 'checksum mismatch' : tryApply(doc, snapshot.bytes)
      if (!problem) {
        base = snapshot
        break
      }
      log.error('CORRUPTED SNAPSHOT: rebuilding from an older snapshot and the log', { doc: documentName, snapshot: snapshot.id, problem })
      await store.quarantine(documentKey, 'snapshot', snapshot.id, problem)
      if (!snapshot.intact) continue
      // A snapshot that passed its checksum but failed to apply may have left part of itself behind.
      throw new Error(`snapshot ${snapshot.id} of ${documentName} could not be applied; quarantined, retry the load`)
    }
    const from = base?.uptoSeq ?? 0
    const rows = stored.updates.filter((row) => row.id > from)
    let lastSeq = from
    let applied = 0
    let appliedBytes = 0
    const quarantined: { id: number; problem: string }[] = []
    // One transaction for the whole log (observers run once). Rows are not
    // merged first: Y.mergeUpdates is quadratic in the number of updates
    // (a 20k-row log took seconds). An intact row is the exact bytes that
    // were decoded and checked before they were written, so it is applied
    // without a second decode; a damaged one is quarantined.
    doc.transact(() => {
      for (const row of rows) {
        const problem = !row.intact ? 'checksum mismatch' : tryApply(doc, row.bytes)
        if (problem) {
          quarantined.push({ id: row.id, problem })
          continue
        }
        lastSeq = row.id
        applied++
        appliedBytes += row.bytes.byteLength
      }
    }, STORAGE_ORIGIN)
    for (const { id, problem } of quarantined) {
      log.error('update row quarantined at load', { doc: documentName, seq: id, problem })
      await store.quarantine(documentKey, 'update', id, problem)
    }
    const state = { lastSeq, rowsSinceSnapshot: applied, bytesSinceSnapshot: appliedBytes, snapshotBytes: base?.bytes.byteLength ?? 0, compacting: false }
    states.set(documentName, state)
    // A long log makes every cold load slow: compact right away.
    if (dueForCompaction(state)) await compact(documentKey, doc)
  }
}

/**
 * Cluster mode: a write the store fenced (storage/postgres/fence.ts) means
 * another node owns the situation; the room hears it as RoomSuperseded, not
 * as a storage failure. Told apart by name, so that SQLite mode never loads
 * the PostgreSQL store's modules.
 */
const isFenced = (error: unknown): error is FencedError => error instanceof Error && error.name === 'FencedError'

const superseding = (error: unknown): unknown =>
  isFenced(error) ? new RoomSuperseded(error.situationId, `write fenced: ${error.message}`) : error

const tryApply = (doc: Y.Doc, bytes: Uint8Array): string | null => {
  try {
    Y.applyUpdate(doc, bytes, STORAGE_ORIGIN)
    return null
  } catch (error) {
    return `cannot apply: ${(error as Error).message}`
  }
}
