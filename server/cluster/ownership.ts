import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import type { Logger } from '../log.ts'
import type { PostgresDb } from '../storage/postgres/connect.ts'
import type { Claim, Fence } from '../storage/postgres/fence.ts'

export interface OwnershipOptions {
  db: PostgresDb
  nodeId: string
  /** Lease length, counted by the database from its own `now()`. */
  leaseTtlMs: number
  /** Renewal period; default a third of the lease. */
  renewEveryMs?: number
  log?: Logger
}

/** Why a claim ended without this node releasing it. */
export type LossReason = 'renewal-refused' | 'lease-lapsed'

export interface OwnerRow {
  nodeId: string
  epoch: number
  /** The lease is unexpired in database time. */
  live: boolean
}

/**
 * Which situations this node serves. The database decides (situation_owners,
 * storage/postgres/migrations/002): a node holds a situation while the row
 * names it with the epoch it acquired and an unexpired lease. Implements the
 * store's Fence: every write carries the claim and the database checks it in
 * the same statement.
 */
export interface Ownership extends Fence {
  readonly nodeId: string
  /** Takes the situation if it is free, released or expired, under a new epoch; null if another node holds it. */
  acquire(situationId: string): Promise<Claim | null>
  /** Gives the situation up now (the next node need not wait for the lease to lapse). */
  release(situationId: string): Promise<void>
  /** The claims this node believes it holds. */
  held(): Claim[]
  /** The owner row as the database sees it now. */
  owner(situationId: string): Promise<OwnerRow | null>
  /** Called once per claim that ended without release: the room must drop its copy and send its clients away. */
  onLost(listener: (claim: Claim, reason: LossReason) => void): () => void
  /** Stops renewing and releases every claim (a graceful shutdown). */
  close(): Promise<void>
}

interface Held {
  claim: Claim
  /**
   * Local monotonic deadline: when the request that set the lease was sent,
   * plus the TTL. The database's lease ends later than that (its `now()` is
   * taken after the request left), so this side gives up first. Only elapsed
   * time on this machine is measured; no clock is compared with another.
   */
  validUntil: number
}

/**
 * Lease and epoch ownership of situations in PostgreSQL.
 * @example const ownership = createOwnership({ db, nodeId: 'node-1', leaseTtlMs: 10_000 })
 */
export function createOwnership({ db, nodeId, leaseTtlMs, renewEveryMs = Math.floor(leaseTtlMs / 3), log }: OwnershipOptions): Ownership {
  const claims = new Map<string, Held>()
  const acquiring = new Map<string, Promise<Claim | null>>()
  const listeners = new Set<(claim: Claim, reason: LossReason) => void>()
  let renewing = false
  let closed = false
  const leaseEnd = sql<Date>`now() + ${leaseTtlMs}::float8 * interval '1 millisecond'`

  const lose = (claim: Claim, reason: LossReason) => {
    const entry = claims.get(claim.situationId)
    if (!entry || entry.claim.epoch !== claim.epoch) return
    claims.delete(claim.situationId)
    log?.warn('situation ownership lost', { situationId: claim.situationId, epoch: claim.epoch, reason })
    for (const listener of listeners) {
      try {
        listener(claim, reason)
      } catch (error) {
        log?.error('ownership-lost listener threw', { situationId: claim.situationId, error: (error as Error).message })
      }
    }
  }

  const sweep = () => {
    const now = performance.now()
    for (const { claim, validUntil } of [...claims.values()]) if (validUntil <= now) lose(claim, 'lease-lapsed')
  }

  /**
   * One statement for every held claim: extended only if still ours, same
   * epoch, not expired. Rows are locked in situation id order first, the
   * order a batch of appends share-locks them in (storage/postgres
   * document-store.ts): the two never deadlock.
   */
  const renewAll = async () => {
    const batch = [...claims.values()].map((entry) => entry.claim)
    if (batch.length === 0) return
    const sentAt = performance.now()
    const { rows } = await sql<{ situation_id: string; epoch: number }>`
      WITH mine AS MATERIALIZED (
        SELECT o.situation_id, o.epoch FROM situation_owners AS o
        JOIN unnest(${batch.map((c) => c.situationId)}::text[], ${batch.map((c) => c.epoch)}::bigint[]) AS c(situation_id, epoch)
          ON o.situation_id = c.situation_id AND o.epoch = c.epoch
        WHERE o.node_id = ${nodeId} AND o.lease_expires_at > now()
        ORDER BY o.situation_id
        FOR NO KEY UPDATE OF o
      )
      UPDATE situation_owners AS o SET lease_expires_at = ${leaseEnd}
      FROM mine
      WHERE o.situation_id = mine.situation_id AND o.epoch = mine.epoch AND o.node_id = ${nodeId}
      RETURNING o.situation_id, o.epoch`.execute(db)
    const renewed = new Set(rows.map((row) => `${row.situation_id}@${row.epoch}`))
    for (const claim of batch) {
      if (!renewed.has(`${claim.situationId}@${claim.epoch}`)) {
        lose(claim, 'renewal-refused')
        continue
      }
      const entry = claims.get(claim.situationId)
      if (entry?.claim.epoch === claim.epoch) entry.validUntil = sentAt + leaseTtlMs
    }
  }

  const tick = () => {
    sweep()
    if (renewing || closed) return
    renewing = true
    renewAll()
      .catch((error) => log?.warn('lease renewal failed; claims lapse at their deadline', { error: (error as Error).message }))
      .finally(() => {
        renewing = false
      })
  }
  const timer = setInterval(tick, renewEveryMs)
  timer.unref()

  const takeRow = async (situationId: string): Promise<Claim | null> => {
    const sentAt = performance.now()
    // One statement: insert the first owner, or take the row over if its lease
    // ended (or it is this node's own, whose older copy the new epoch fences).
    // Two racing nodes: the second waits for the first's row lock, then sees
    // a live lease and updates nothing.
    const row = await db
      .insertInto('situation_owners')
      .values({ situation_id: situationId, node_id: nodeId, epoch: 1, lease_expires_at: leaseEnd })
      .onConflict((conflict) =>
        conflict
          .column('situation_id')
          .doUpdateSet({
            node_id: (eb) => eb.ref('excluded.node_id'),
            epoch: (eb) => eb('situation_owners.epoch', '+', 1),
            lease_expires_at: (eb) => eb.ref('excluded.lease_expires_at'),
          })
          .where((eb) =>
            eb.or([eb('situation_owners.lease_expires_at', '<=', sql<Date>`now()`), eb('situation_owners.node_id', '=', nodeId)]),
          ),
      )
      .returning('epoch')
      .executeTakeFirst()
    if (!row) return null
    const claim = { situationId, nodeId, epoch: row.epoch }
    const previous = claims.get(situationId)
    if (previous) lose(previous.claim, 'lease-lapsed')
    claims.set(situationId, { claim, validUntil: sentAt + leaseTtlMs })
    return claim
  }

  const current = (situationId: string): Claim | null => {
    const entry = claims.get(situationId)
    if (!entry) return null
    if (entry.validUntil > performance.now()) return entry.claim
    // Told from inside a write: the listeners run after it, not within it.
    queueMicrotask(() => lose(entry.claim, 'lease-lapsed'))
    return null
  }

  const release = async (situationId: string): Promise<void> => {
    const entry = claims.get(situationId)
    if (!entry) return
    claims.delete(situationId)
    const { claim } = entry
    // -infinity: free at once for any node, in any transaction's now().
    await db
      .updateTable('situation_owners')
      .set({ lease_expires_at: sql<Date>`'-infinity'::timestamptz` })
      .where('situation_id', '=', claim.situationId)
      .where('node_id', '=', claim.nodeId)
      .where('epoch', '=', claim.epoch)
      .execute()
  }

  return {
    nodeId,

    claim: current,

    acquire(situationId) {
      if (closed) return Promise.reject(new Error('ownership closed'))
      const held = current(situationId)
      if (held) return Promise.resolve(held)
      const inFlight = acquiring.get(situationId)
      if (inFlight) return inFlight
      const attempt = takeRow(situationId).finally(() => acquiring.delete(situationId))
      acquiring.set(situationId, attempt)
      return attempt
    },

    release,

    held: () => {
      const now = performance.now()
      return [...claims.values()].filter((entry) => entry.validUntil > now).map((entry) => entry.claim)
    },

    async owner(situationId) {
      const row = await db
        .selectFrom('situation_owners')
        .select(['node_id', 'epoch', sql<boolean>`lease_expires_at > now()`.as('live')])
        .where('situation_id', '=', situationId)
        .executeTakeFirst()
      return row ? { nodeId: row.node_id, epoch: row.epoch, live: row.live } : null
    },

    onLost(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    async close() {
      if (closed) return
      closed = true
      clearInterval(timer)
      const releases = [...claims.keys()].map((situationId) =>
        release(situationId).catch((error) =>
          log?.warn('release at shutdown failed; the lease lapses by itself', { situationId, error: (error as Error).message }),
        ),
      )
      await Promise.all(releases)
    },
  }
}
