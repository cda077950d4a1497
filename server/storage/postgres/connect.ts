import pg from 'pg'
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely'
import type { Logger } from '../../log.ts'
import type { PostgresSchema } from './schema.ts'

const INT8_OID = 20

/**
 * pg hands `bigint` (sequence numbers, epochs, counts) back as strings so as
 * not to round them; ours stay far below 2^53, and a number that would not is
 * an error rather than a silent rounding.
 */
function parseInt8(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`)
  return value
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

export interface PostgresOptions {
  connectionString: string
  /** Pool size; the store's group commit uses one connection at a time. */
  maxConnections?: number
  /** Shown in pg_stat_activity (e.g. `concerto:<node id>`). */
  applicationName?: string
  log?: Logger
}

export type PostgresDb = Kysely<PostgresSchema>

/**
 * A Kysely instance over a pg pool. The pool's `error` event (an idle
 * connection killed by the server or the network) is logged, not thrown: the
 * pool replaces the connection at the next query.
 * @example const db = openPostgres({ connectionString: process.env.DATABASE_URL! })
 */
export function openPostgres({ connectionString, maxConnections = 10, applicationName = 'concerto', log }: PostgresOptions): PostgresDb {
  // A PostgreSQL that stops answering must fail a request (503, retryable), not hang it: bounded waits.
  const pool = new pg.Pool({ connectionString, max: maxConnections, application_name: applicationName, types, connectionTimeoutMillis: 5_000 })
  pool.on('error', (error) => log?.warn('idle PostgreSQL connection lost; the pool replaces it', { error: error.message }))
  // pg-pool listens for errors on idle connections only: a connection that drops while checked
  // out (between a transaction's statements, or before its query is sent) emits 'error' on the
  // client with nobody listening, and an unhandled 'error' event ends the process. The query in
  // flight is rejected on its own (and answered 503); this listener only keeps the node alive.
  pool.on('connect', (client) => {
    client.on('error', (error) => log?.warn('PostgreSQL connection lost while in use', { error: error.message }))
  })
  const db = new Kysely<PostgresSchema>({ dialect: new PostgresDialect({ pool }) })
  pools.set(db, pool)
  return db
}

/** The pool under each database openPostgres made: Kysely does not name statements, pg does. */
const pools = new WeakMap<PostgresDb, pg.Pool>()

/**
 * Runs a compiled query as a named prepared statement: PostgreSQL parses and
 * plans it once per connection instead of at every call. For the hot path
 * only (the document store's append): planned afresh, the fenced append cost
 * PostgreSQL ~390 µs of CPU per batch, prepared ~170 (measured for issue 21,
 * docs/PERFORMANCE.md). `name` must always go with the same SQL text. A
 * database not made by openPostgres runs the query unnamed.
 * @example const rows = await executePrepared(db, 'concerto_append', query.compile(db))
 */
export async function executePrepared<R>(db: PostgresDb, name: string, query: CompiledQuery<R>): Promise<R[]> {
  const pool = pools.get(db)
  if (!pool) return (await db.executeQuery(query)).rows
  return (await pool.query<R & pg.QueryResultRow>({ name, text: query.sql, values: [...query.parameters] })).rows
}
