import { sql, type Transaction } from 'kysely'
import { toDocumentName } from '../../../shared/protocol/document-key.ts'
import { checksum, type DocumentStore, type StoredRow } from '../updates.ts'
import { executePrepared, type PostgresDb } from './connect.ts'
import { FencedError, holdClaim, type Claim, type Fence } from './fence.ts'
import type { PostgresSchema } from './schema.ts'

export interface PostgresDocumentStoreOptions {
  db: PostgresDb
  /**
   * Cluster mode: every write is made under this node's claim on the
   * situation, checked by the database in the same statement; a stale claim
   * throws FencedError and stores nothing. Without it (one node on
   * PostgreSQL), writes are not fenced.
   */
  fence?: Fence
}

/** Snapshots kept per document: the newest, and one older to rebuild from if it is damaged. */
const KEPT_SNAPSHOTS = 2

interface PendingAppend {
  doc: string
  situationId: string
  bytes: Buffer
  /** Taken when append was called: the copy that produced this update belongs to that epoch. */
  claim: Claim | null
  resolve: (seq: number) => void
  reject: (error: unknown) => void
}

type Outcome = { seq: number } | { error: FencedError }

const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

const toRow = (row: { bytes: Buffer; checksum: number }): Omit<StoredRow, 'id'> => {
  const bytes = new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength)
  return { bytes, intact: checksum(bytes) === row.checksum }
}

const sameClaim = (a: Claim | null, b: Claim | null) => a === b || (a !== null && b !== null && a.nodeId === b.nodeId && a.epoch === b.epoch)

/**
 * A batch as statements: a new one starts only where a situation's claim
 * changes within the batch (the node re-acquired it between two appends of
 * one turn), so that each statement writes a situation under one claim.
 */
function segments(batch: PendingAppend[]): PendingAppend[][] {
  const out: PendingAppend[][] = [[]]
  let claims = new Map<string, Claim | null>()
  for (const item of batch) {
    if (claims.has(item.situationId) && !sameClaim(claims.get(item.situationId)!, item.claim)) {
      out.push([])
      claims = new Map()
    }
    claims.set(item.situationId, item.claim)
    out.at(-1)!.push(item)
  }
  return out.filter((segment) => segment.length > 0)
}

/**
 * The DocumentStore of storage/updates.ts on PostgreSQL, with the same
 * semantics: checksums (`intact`), snapshots covering `uptoSeq`, quarantine,
 * and appends committed in call order with group commit. One batch is in
 * flight at a time: appends made while it commits form the next batch, so
 * the batch grows with the load and the order of commits is the order of
 * calls. A batch is one fenced INSERT ... SELECT; the appends of a situation
 * whose claim is stale are refused, the others of the batch still commit.
 * @example const store = createPostgresDocumentStore({ db, fence: ownership })
 */
export function createPostgresDocumentStore({ db, fence }: PostgresDocumentStoreOptions): DocumentStore {
  let pending: PendingAppend[] = []
  let committing = false
  let flushScheduled = false

  const claimFor = (situationId: string): Claim | null => {
    if (!fence) return null
    const claim = fence.claim(situationId)
    if (!claim) throw new FencedError(situationId, null, 'not-held')
    return claim
  }

  /**
   * One statement per batch (one round trip, one commit): each row is
   * inserted only if its claim is current, joined with the owner row it
   * share-locks, so a takeover waits for this commit or this insert sees the
   * new epoch. Owner rows are locked in situation id order, the order the
   * lease renewal locks them in (cluster/ownership.ts): a batch and a
   * renewal over the same situations never deadlock. Rows go in in call
   * order (ORDER BY ord), which is the order of their sequence numbers.
   * Within one statement a situation has one claim, so its rows are all
   * stored or all fenced.
   */
  const insertSegment = async (segment: PendingAppend[], now: number): Promise<Outcome[]> => {
    const column = <T>(pick: (item: PendingAppend) => T) => segment.map(pick)
    const rows = fence
      ? sql<{ seq: number; situation_id: string }>`
          WITH v AS MATERIALIZED (
            SELECT * FROM unnest(${column((i) => i.doc)}::text[], ${column((i) => i.situationId)}::text[],
                                 ${column((i) => i.bytes)}::bytea[], ${column((i) => checksum(i.bytes))}::bigint[],
                                 ${column((i) => i.claim!.nodeId)}::text[], ${column((i) => i.claim!.epoch)}::bigint[])
              WITH ORDINALITY AS v(doc, situation_id, bytes, checksum, node_id, epoch, ord)
          ),
          held AS MATERIALIZED (
            SELECT o.situation_id, o.node_id, o.epoch FROM situation_owners AS o
            WHERE (o.situation_id, o.node_id, o.epoch) IN (SELECT situation_id, node_id, epoch FROM v)
              AND o.lease_expires_at > now()
            ORDER BY o.situation_id
            FOR SHARE
          )
          INSERT INTO doc_updates (doc, situation_id, bytes, checksum, created_at)
          SELECT v.doc, v.situation_id, v.bytes, v.checksum, ${now}::bigint
          FROM v JOIN held ON held.situation_id = v.situation_id AND held.node_id = v.node_id AND held.epoch = v.epoch
          ORDER BY v.ord
          RETURNING seq, situation_id`
      : sql<{ seq: number; situation_id: string }>`
          INSERT INTO doc_updates (doc, situation_id, bytes, checksum, created_at)
          SELECT v.doc, v.situation_id, v.bytes, v.checksum, ${now}::bigint
          FROM unnest(${column((i) => i.doc)}::text[], ${column((i) => i.situationId)}::text[], ${column((i) => i.bytes)}::bytea[],
                      ${column((i) => checksum(i.bytes))}::bigint[])
            WITH ORDINALITY AS v(doc, situation_id, bytes, checksum, ord)
          ORDER BY v.ord
          RETURNING seq, situation_id`
    // Prepared once per connection: the append is the one statement every edit pays for.
    const inserted = await executePrepared(db, fence ? 'concerto_append_fenced' : 'concerto_append', rows.compile(db))
    const seqs = new Map<string, number[]>()
    for (const row of inserted.sort((a, b) => a.seq - b.seq)) seqs.set(row.situation_id, [...(seqs.get(row.situation_id) ?? []), row.seq])
    for (const [situationId, stored] of seqs) {
      const expected = segment.filter((item) => item.situationId === situationId).length
      if (stored.length !== expected) throw new Error(`fenced insert stored ${stored.length} of ${expected} rows of situation ${situationId}`)
    }
    return segment.map((item) => {
      const seq = seqs.get(item.situationId)?.shift()
      return seq === undefined ? { error: new FencedError(item.situationId, item.claim, 'refused') } : { seq }
    })
  }

  const commitBatch = async (batch: PendingAppend[]) => {
    const now = Date.now()
    for (const segment of segments(batch)) {
      let outcomes: Outcome[]
      try {
        outcomes = await insertSegment(segment, now)
      } catch (error) {
        // The statement failed as a whole: none of its rows is stored.
        for (const item of segment) item.reject(error)
        continue
      }
      segment.forEach((item, index) => {
        const outcome = outcomes[index]!
        if ('seq' in outcome) item.resolve(outcome.seq)
        else item.reject(outcome.error)
      })
    }
  }

  const flush = async () => {
    flushScheduled = false
    if (committing || pending.length === 0) return
    committing = true
    const batch = pending
    pending = []
    try {
      await commitBatch(batch)
    } finally {
      committing = false
      if (pending.length > 0) scheduleFlush()
    }
  }

  const scheduleFlush = () => {
    if (flushScheduled) return
    flushScheduled = true
    setImmediate(() => void flush())
  }

  /** Runs `write` in a transaction holding the claim's owner row, or throws FencedError before writing. */
  const fenced = async <T>(situationId: string, write: (trx: Transaction<PostgresSchema>) => Promise<T>): Promise<T> => {
    const claim = claimFor(situationId)
    return db.transaction().execute(async (trx) => {
      if (claim) await holdClaim(trx, claim)
      return write(trx)
    })
  }

  return {
    async load(key) {
      const doc = toDocumentName(key)
      const snapshotRows = await db
        .selectFrom('doc_snapshots')
        .select(['id', 'upto_seq', 'bytes', 'checksum'])
        .where('doc', '=', doc)
        .orderBy('upto_seq', 'desc')
        .orderBy('id', 'desc')
        .execute()
      const snapshots = snapshotRows.map((row) => ({ id: row.id, uptoSeq: row.upto_seq, ...toRow(row) }))
      const from = snapshots.length > 0 ? Math.min(...snapshots.map((s) => s.uptoSeq)) : 0
      const updateRows = await db
        .selectFrom('doc_updates')
        .select(['seq', 'bytes', 'checksum'])
        .where('doc', '=', doc)
        .where('seq', '>', from)
        .orderBy('seq')
        .execute()
      return { snapshots, updates: updateRows.map((row) => ({ id: row.seq, ...toRow(row) })) }
    },

    append(key, update) {
      return new Promise<number>((resolve, reject) => {
        const doc = toDocumentName(key)
        const situationId = key.situationId
        pending.push({ doc, situationId, bytes: toBuffer(update), claim: claimFor(situationId), resolve, reject })
        scheduleFlush()
      })
    },

    async remove(key, seq) {
      const doc = toDocumentName(key)
      await fenced(key.situationId, (trx) => trx.deleteFrom('doc_updates').where('doc', '=', doc).where('seq', '=', seq).execute())
    },

    async compact(key, state, uptoSeq) {
      const doc = toDocumentName(key)
      const situationId = key.situationId
      const bytes = toBuffer(state)
      return fenced(situationId, async (trx) => {
        await trx
          .insertInto('doc_snapshots')
          .values({ doc, situation_id: situationId, upto_seq: uptoSeq, bytes, checksum: checksum(bytes), created_at: Date.now() })
          .execute()
        // Ordered by what they cover, so the kept ones are the two most complete.
        const snapshots = await trx
          .selectFrom('doc_snapshots')
          .select(['id', 'upto_seq'])
          .where('doc', '=', doc)
          .orderBy('upto_seq', 'desc')
          .orderBy('id', 'desc')
          .execute()
        const kept = snapshots.slice(0, KEPT_SNAPSHOTS)
        const dropped = snapshots.slice(KEPT_SNAPSHOTS).map((row) => row.id)
        if (dropped.length > 0) await trx.deleteFrom('doc_snapshots').where('id', 'in', dropped).execute()
        // Keep the log after the oldest kept snapshot, so a damaged newest
        // snapshot can be rebuilt from the older one plus the log.
        const oldest = Math.min(...kept.map((row) => row.upto_seq))
        await trx.deleteFrom('doc_updates').where('doc', '=', doc).where('seq', '<=', oldest).execute()
        const { count } = await trx
          .selectFrom('doc_updates')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('doc', '=', doc)
          .where('seq', '>', oldest)
          .executeTakeFirstOrThrow()
        return { remainingRows: Number(count) }
      })
    },

    async quarantine(key, source, id, reason) {
      const doc = toDocumentName(key)
      const situationId = key.situationId
      await fenced(situationId, async (trx) => {
        const table = source === 'update' ? 'doc_updates' : 'doc_snapshots'
        const key = source === 'update' ? 'seq' : 'id'
        const removed = await trx
          .deleteFrom(table)
          .where('doc', '=', doc)
          .where(key, '=', id)
          .returning('bytes')
          .executeTakeFirst()
        if (!removed) return
        await trx
          .insertInto('doc_quarantine')
          .values({ doc, situation_id: situationId, source, original_id: id, bytes: removed.bytes, reason, created_at: Date.now() })
          .execute()
      })
    },

    async countAfter(key, seq) {
      const doc = toDocumentName(key)
      const { count } = await db
        .selectFrom('doc_updates')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('doc', '=', doc)
        .where('seq', '>', seq)
        .executeTakeFirstOrThrow()
      return Number(count)
    },

    async eraseSituation(situationId) {
      // Not fenced by a claim here: the situation is closed and archived; in cluster mode the retention
      // job takes its ownership before erasing (app.ts), so a node still serving it drops its copy.
      return db.transaction().execute(async (trx) => {
        const counts: Record<string, number> = {}
        for (const table of ['doc_updates', 'doc_snapshots', 'doc_quarantine'] as const) {
          const { numDeletedRows } = await trx.deleteFrom(table).where('situation_id', '=', situationId).executeTakeFirst()
          if (numDeletedRows > 0n) counts[table] = Number(numDeletedRows)
        }
        return counts
      })
    },
  }
}
