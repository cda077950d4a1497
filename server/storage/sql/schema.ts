import type { ColumnType, Kysely } from 'kysely'
import type { AccountTables } from './tables/accounts.ts'
import type { FollowUpTables } from './tables/follow-up.ts'
import type { RecordTables } from './tables/records.ts'
import type { RightsTables } from './tables/rights.ts'

/**
 * The tables that live behind the one asynchronous data layer (issue 21,
 * docs/decisions/018), as Kysely sees them on both engines. Columns are the
 * migrations' (server/storage/migrations): booleans are 0/1 integers on both
 * engines, timestamps stored as the migrations store them (epoch
 * milliseconds in INTEGER/BIGINT columns, ISO text in TEXT ones). A table
 * joins this interface when its row access moves here.
 */
export interface Database extends AccountTables, RightsTables, RecordTables, FollowUpTables {
  sessions: SessionsTable
}

/** The handle every moved row access takes: SQLite or PostgreSQL behind it. */
export type SqlDb = Kysely<Database>

/** Bytes: better-sqlite3 and pg both hand back a Buffer (a Uint8Array). */
export type Bytes = ColumnType<Uint8Array, Buffer, Buffer>

/** 0 or 1: SQLite has no boolean type, and the same integer on PostgreSQL keeps one schema. */
export type Flag = ColumnType<number, number | undefined, number>

export interface SessionsTable {
  id: string
  /** SHA-256 of the token's secret; the secret itself is never stored. */
  secret_hash: Bytes
  user_id: string
  /** Epoch milliseconds (BIGINT on PostgreSQL, read back as a number). */
  created_at: number
  last_verified_at: number
  shared_device: Flag
  address: string | null
  user_agent: string | null
}
