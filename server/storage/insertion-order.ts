import { SqliteAdapter, sql as raw, type RawBuilder } from 'kysely'
import type { SqlDb } from './sql/schema.ts'

/**
 * The order rows were inserted in, for breaking ties between rows stamped
 * with the same millisecond (two agreements, commitments or versions in one
 * instant: the later one is the one in force). SQLite has always used
 * `rowid`; PostgreSQL has no rowid, and its `ctid` (the row's place in the
 * table) follows insertion for the append-only tables this serves (never
 * updated, so a row never moves). Only a tie consults it: a later row could
 * land before an earlier one only where a deleted situation's space is
 * reused, and then only if both were stamped in the same millisecond.
 * A portable sequence column would need a migration rebuilding these tables
 * on SQLite; until then the tie-break is chosen per engine here, not in
 * every row module.
 * @example select().orderBy('at').orderBy(insertionOrder(sql))
 */
export function insertionOrder(sql: SqlDb): RawBuilder<unknown> {
  // getExecutor() is marked internal in Kysely's types but is the only way to ask which adapter runs the queries.
  return sql.getExecutor().adapter instanceof SqliteAdapter ? raw`rowid` : raw`ctid`
}
