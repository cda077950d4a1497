import { sql as query, type RawBuilder } from 'kysely'

/** The append-only tables whose rows carry a per-situation `seq` (migrations 015 and 016). */
type SequencedTable = 'consent_records' | 'versions' | 'agreements' | 'commitments' | 'timeline_events'

/**
 * The `seq` of a row being inserted: one more than the situation's latest in
 * that table. It tells apart rows stamped in the same millisecond (the later
 * one is the one in force) on both engines, where SQLite's rowid and
 * PostgreSQL's `ctid` (moved by an UPDATE, a CLUSTER or a reused page) did
 * before. Rows of one situation are written by the node that owns it.
 * @example insertInto('agreements').values({ …, seq: nextSeq('agreements', situationId) })
 */
export function nextSeq(table: SequencedTable, situationId: string): RawBuilder<number> {
  return query<number>`(SELECT COALESCE(MAX(t.seq), 0) + 1 FROM ${query.table(table)} t WHERE t.situation_id = ${situationId})`
}
