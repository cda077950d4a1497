import { sql, type Kysely } from 'kysely'

/**
 * One row per situation ever owned by a node (server/cluster/ownership.ts).
 * The row is never deleted, so the epoch (the fencing token) only grows
 * across releases and takeovers. lease_expires_at is compared with `now()`
 * only: database time, never a node's clock.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE situation_owners (
    situation_id text PRIMARY KEY,
    node_id text NOT NULL,
    epoch bigint NOT NULL CHECK (epoch > 0),
    lease_expires_at timestamptz NOT NULL
  )`.execute(db)
}
