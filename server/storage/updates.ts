import { crc32 } from 'node:zlib'
import type { Db } from './db.ts'
import { toDocumentName, type DocumentKey } from '../../shared/protocol/document-key.ts'

/**
 * The update log and its compacted snapshots. Knows rows and bytes, never
 * the protocol: whatever decodes or applies these bytes lives elsewhere.
 *
 * Asynchronous on purpose although better-sqlite3 is synchronous, so that a
 * networked store (PostgreSQL with fenced, batched appends) can implement the
 * same interface. A document is named by its key; the `doc` column holds
 * its wire name (shared/protocol/document-key.ts), made here at the edge.
 */
export interface DocumentStore {
  /** Snapshots (newest first) and the log rows after the oldest kept snapshot, in order. */
  load(key: DocumentKey): Promise<StoredDocument>
  /**
   * Appends one update; resolves with its sequence number once committed.
   * Appends are committed in call order; several may share one transaction.
   */
  append(key: DocumentKey, update: Uint8Array): Promise<number>
  /** Removes a row whose update could not be applied after it was committed. */
  remove(key: DocumentKey, seq: number): Promise<void>
  /**
   * Stores `state` as covering the log up to `uptoSeq`; prunes what the
   * older kept snapshot covers. Resolves with the log rows left after it.
   */
  compact(key: DocumentKey, state: Uint8Array, uptoSeq: number): Promise<{ remainingRows: number }>
  /** Moves a row that cannot be applied out of the way, with the reason. */
  quarantine(key: DocumentKey, source: 'update' | 'snapshot', id: number, reason: string): Promise<void>
  /** Log rows after `seq`: compaction runs when this passes a threshold. */
  countAfter(key: DocumentKey, seq: number): Promise<number>
  /**
   * Deletes every document of a situation (log, snapshots, quarantine), for
   * the retention job's erasure; resolves with the rows deleted per table
   * (tables with none left out). The document store does it because its
   * tables may live elsewhere than the data layer's (STORE=postgres).
   */
  eraseSituation(situationId: string): Promise<Record<string, number>>
}

export interface StoredRow {
  /** Log sequence number, or snapshot id. */
  id: number
  bytes: Uint8Array
  /** False when the stored checksum does not match the bytes. */
  intact: boolean
}

export interface StoredSnapshot extends StoredRow {
  uptoSeq: number
}

export interface StoredDocument {
  snapshots: StoredSnapshot[]
  updates: StoredRow[]
}

export const checksum = (bytes: Uint8Array): number => crc32(bytes)

interface PendingAppend {
  doc: string
  bytes: Uint8Array
  resolve: (seq: number) => void
  reject: (error: unknown) => void
}

/** Snapshots kept per document: the newest, and one older to rebuild from if it is damaged. */
const KEPT_SNAPSHOTS = 2

/**
 * @example const store = createSqliteDocumentStore(db)
 */
export function createSqliteDocumentStore(db: Db): DocumentStore {
  const insertUpdate = db.prepare('INSERT INTO doc_updates (doc, bytes, checksum, created_at) VALUES (?, ?, ?, ?)')
  const selectSnapshots = db.prepare(
    'SELECT id, upto_seq AS uptoSeq, bytes, checksum FROM doc_snapshots WHERE doc = ? ORDER BY id DESC',
  )
  const selectUpdatesAfter = db.prepare('SELECT seq, bytes, checksum FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq')
  const deleteUpdate = db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq = ?')
  const insertSnapshot = db.prepare(
    'INSERT INTO doc_snapshots (doc, upto_seq, bytes, checksum, created_at) VALUES (?, ?, ?, ?, ?)',
  )
  const deleteUpdatesUpTo = db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?')
  const deleteSnapshot = db.prepare('DELETE FROM doc_snapshots WHERE id = ?')
  const countAfter = db.prepare('SELECT count(*) FROM doc_updates WHERE doc = ? AND seq > ?').pluck()
  const insertQuarantine = db.prepare(
    'INSERT INTO doc_quarantine (doc, source, original_id, bytes, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const selectUpdate = db.prepare('SELECT bytes FROM doc_updates WHERE doc = ? AND seq = ?').pluck()
  const selectSnapshot = db.prepare('SELECT bytes FROM doc_snapshots WHERE doc = ? AND id = ?').pluck()
  // `<id>/` then any part name: ids never contain '/', so no other situation matches.
  const eraseStatements = (['doc_updates', 'doc_snapshots', 'doc_quarantine'] as const).map(
    (table) => [table, db.prepare(`DELETE FROM ${table} WHERE substr(doc, 1, ?) = ?`)] as const,
  )

  let pending: PendingAppend[] = []
  let flushScheduled = false

  // Group commit: every append queued in one turn of the event loop shares a
  // transaction (one fsync under synchronous=FULL), committed in call order.
  const commitBatch = db.transaction((batch: PendingAppend[]) => {
    const now = Date.now()
    return batch.map((item) => Number(insertUpdate.run(item.doc, item.bytes, checksum(item.bytes), now).lastInsertRowid))
  })

  const flush = () => {
    // The data layer (Kysely, docs/decisions/018) shares this connection and
    // may hold a transaction open across its own queries' promises: a batch
    // written now would join it, and vanish if it rolled back after the
    // updates were broadcast. Wait for it to end instead.
    if (db.inTransaction) {
      setImmediate(flush)
      return
    }
    flushScheduled = false
    const batch = pending
    pending = []
    let seqs: number[]
    try {
      seqs = commitBatch(batch)
    } catch (error) {
      for (const item of batch) item.reject(error)
      return
    }
    batch.forEach((item, index) => item.resolve(seqs[index]!))
  }

  /** Resolves once no data-layer transaction is open on the shared connection (see flush). */
  const outsideTransactions = async () => {
    while (db.inTransaction) await new Promise<void>((resolve) => setImmediate(resolve))
  }

  const toRow = (row: { bytes: Buffer; checksum: number }) => {
    const bytes = new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength)
    return { bytes, intact: checksum(bytes) === row.checksum }
  }

  return {
    async load(key) {
      const doc = toDocumentName(key)
      const snapshots = (selectSnapshots.all(doc) as { id: number; uptoSeq: number; bytes: Buffer; checksum: number }[]).map(
        (row) => ({ id: row.id, uptoSeq: row.uptoSeq, ...toRow(row) }),
      )
      const from = snapshots.length > 0 ? Math.min(...snapshots.map((s) => s.uptoSeq)) : 0
      const updates = (selectUpdatesAfter.all(doc, from) as { seq: number; bytes: Buffer; checksum: number }[]).map((row) => ({
        id: row.seq,
        ...toRow(row),
      }))
      return { snapshots, updates }
    },

    append(key, update) {
      return new Promise<number>((resolve, reject) => {
        pending.push({ doc: toDocumentName(key), bytes: update, resolve, reject })
        if (!flushScheduled) {
          flushScheduled = true
          setImmediate(flush)
        }
      })
    },

    async remove(key, seq) {
      await outsideTransactions()
      deleteUpdate.run(toDocumentName(key), seq)
    },

    async compact(key, state, uptoSeq) {
      await outsideTransactions()
      const doc = toDocumentName(key)
      return db.transaction(() => {
        insertSnapshot.run(doc, uptoSeq, state, checksum(state), Date.now())
        const snapshots = selectSnapshots.all(doc) as { id: number; uptoSeq: number }[]
        const kept = snapshots.slice(0, KEPT_SNAPSHOTS)
        for (const old of snapshots.slice(KEPT_SNAPSHOTS)) deleteSnapshot.run(old.id)
        // Keep the log after the oldest kept snapshot, so a damaged newest
        // snapshot can be rebuilt from the older one plus the log.
        const oldest = kept.at(-1)
        if (oldest) deleteUpdatesUpTo.run(doc, oldest.uptoSeq)
        return { remainingRows: countAfter.get(doc, oldest?.uptoSeq ?? 0) as number }
      })()
    },

    async quarantine(key, source, id, reason) {
      await outsideTransactions()
      const doc = toDocumentName(key)
      db.transaction(() => {
        const bytes = (source === 'update' ? selectUpdate.get(doc, id) : selectSnapshot.get(doc, id)) as Buffer | undefined
        if (!bytes) return
        insertQuarantine.run(doc, source, id, bytes, reason, Date.now())
        if (source === 'update') deleteUpdate.run(doc, id)
        else deleteSnapshot.run(id)
      })()
    },

    async countAfter(key, seq) {
      return countAfter.get(toDocumentName(key), seq) as number
    },

    async eraseSituation(situationId) {
      await outsideTransactions()
      const prefix = `${situationId}/`
      return db.transaction(() => {
        const counts: Record<string, number> = {}
        for (const [table, statement] of eraseStatements) {
          const changes = statement.run(prefix.length, prefix).changes
          if (changes > 0) counts[table] = changes
        }
        return counts
      })()
    },
  }
}
