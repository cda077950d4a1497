import { sql, type Kysely, type Transaction } from 'kysely'
import type { PostgresSchema } from './schema.ts'

/** A node's hold on one situation: valid while the owner row has this node, this epoch and an unexpired lease. */
export interface Claim {
  situationId: string
  nodeId: string
  /** The fencing token: grows at every acquisition of the situation. */
  epoch: number
}

/**
 * Which claim a write is made under. Implemented by the cluster's ownership
 * (server/cluster/ownership.ts); storage only checks it, in the same
 * statement as the write.
 */
export interface Fence {
  /** The claim this node believes it holds, or null when it holds none. */
  claim(situationId: string): Claim | null
}

/**
 * A write refused because this node does not hold the situation: nothing was
 * stored. `not-held`: the node knew it held no claim; `refused`: the
 * database found the claim stale (another epoch, or the lease expired).
 * Whoever served the situation must drop its copy and send its clients away.
 */
export class FencedError extends Error {
  override readonly name = 'FencedError'

  constructor(
    readonly situationId: string,
    readonly claim: Claim | null,
    readonly reason: 'not-held' | 'refused',
  ) {
    super(
      reason === 'not-held'
        ? `this node holds no claim on situation ${situationId}`
        : `claim on situation ${situationId} (node ${claim?.nodeId}, epoch ${claim?.epoch}) is no longer current`,
    )
  }
}

/**
 * The owner row, if `claim` is still current, in database time. Written as
 * a query to select from (and lock), never read and compared in the node: the
 * check and the write that depends on it are one statement or one
 * transaction holding the row's share lock, so a takeover (which updates the
 * row) waits for the write to commit, or the write sees the new epoch.
 */
export const currentClaimRow = (db: Kysely<PostgresSchema> | Transaction<PostgresSchema>, claim: Claim) =>
  db
    .selectFrom('situation_owners')
    .where('situation_id', '=', claim.situationId)
    .where('node_id', '=', claim.nodeId)
    .where('epoch', '=', claim.epoch)
    .where('lease_expires_at', '>', sql<Date>`now()`)

/** Locks the owner row for the rest of the transaction, or throws FencedError. */
export async function holdClaim(trx: Transaction<PostgresSchema>, claim: Claim): Promise<void> {
  const row = await currentClaimRow(trx, claim).select('epoch').forShare().executeTakeFirst()
  if (!row) throw new FencedError(claim.situationId, claim, 'refused')
}
