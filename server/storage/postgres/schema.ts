import type { ColumnType, Generated } from 'kysely'

/**
 * The PostgreSQL tables of cluster mode, as Kysely sees them. `bigint`
 * columns arrive as numbers (see connect.ts); a document is named by its key
 * (`<situationId>/<part>`, shared/protocol/document-key.ts) in `doc`, with its
 * situation beside it so the fence and the owner row meet on one column.
 */
export interface PostgresSchema {
  doc_updates: DocUpdatesTable
  doc_snapshots: DocSnapshotsTable
  doc_quarantine: DocQuarantineTable
  situation_owners: SituationOwnersTable
}

type Bytes = ColumnType<Buffer, Buffer | Uint8Array, never>
/** Epoch milliseconds, as in SQLite. */
type CreatedAt = ColumnType<number, number, never>

export interface DocUpdatesTable {
  seq: Generated<number>
  doc: string
  situation_id: string
  bytes: Bytes
  /** CRC-32 of bytes (unsigned, so bigint). */
  checksum: number
  created_at: CreatedAt
}

export interface DocSnapshotsTable {
  id: Generated<number>
  doc: string
  situation_id: string
  /** The snapshot holds the whole document up to and including this log row. */
  upto_seq: number
  bytes: Bytes
  checksum: number
  created_at: CreatedAt
}

export interface DocQuarantineTable {
  id: Generated<number>
  doc: string
  situation_id: string
  source: 'update' | 'snapshot'
  original_id: number
  bytes: Bytes
  reason: string
  created_at: CreatedAt
}

/** Who serves a situation: one row per situation ever owned; the epoch only grows. */
export interface SituationOwnersTable {
  situation_id: string
  node_id: string
  /** Fencing token: incremented at every acquisition, checked by every write. */
  epoch: number
  /** In database time; `-infinity` once released. */
  lease_expires_at: ColumnType<Date, Date | string, Date | string>
}
