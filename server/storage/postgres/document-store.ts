import { sql, type Transaction } from 'kysely'
import { parseDocumentName } from '../../../shared/protocol/document-key.ts'
import { checksum, type DocumentStore, type StoredRow } from '../updates.ts'
import type { PostgresDb } from './connect.ts'
import { currentClaimRow, FencedError, holdClaim, type Claim, type Fence } from './fence.ts'
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

function situationOf(doc: string): string {
  const key = parseDocumentName(doc)
  if (!key) throw new Error(`not a document name: ${JSON.stringify(doc)}`)
  return key.situationId
}

/**
 * The DocumentStore of storage/updates.ts on PostgreSQL, with the same
 * semantics: checksums (`intact`), snapshots covering `uptoSeq`, quarantine,
 * and appends committed in call order with group commit. One batch is in
 * flight at a time: appends made while it commits form the next batch, so
 * the batch grows with the load and the order of commits is the order of
 * calls. Each append in a batch is one fenced statement; a fenced append is
 * refused alone, the others of the batch still commit.
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

  /** One statement: inserts only if the claim is current, and share-locks the owner row until commit. */
  const insertUpdate = async (trx: Transaction<PostgresSchema>, item: PendingAppend, now: number): Promise<Outcome> => {
    const sum = checksum(item.bytes)
    if (!item.claim) {
      const row = await trx
        .insertInto('doc_updates')
        .values({ doc: item.doc, situation_id: item.situationId, bytes: item.bytes, checksum: sum, created_at: now })
        .returning('seq')
        .executeTakeFirstOrThrow()
      return { seq: row.seq }
    }
    const row = await trx
      .insertInto('doc_updates')
      .columns(['doc', 'situation_id', 'bytes', 'checksum', 'created_at'])
      .expression(
        currentClaimRow(trx, item.claim)
          .select([
            sql<string>`${item.doc}::text`.as('doc'),
            'situation_id',
            sql<Buffer>`${item.bytes}::bytea`.as('bytes'),
            sql<number>`${sum}::bigint`.as('checksum'),
            sql<number>`${now}::bigint`.as('created_at'),
          ])
          .forShare(),
      )
      .returning('seq')
      .executeTakeFirst()
    return row ? { seq: row.seq } : { error: new FencedError(item.situationId, item.claim, 'refused') }
  }

  const commitBatch = async (batch: PendingAppend[]) => {
    let outcomes: Outcome[]
    try {
      outcomes = await db.transaction().execute(async (trx) => {
        const results: Outcome[] = []
        const now = Date.now()
        for (const item of batch) results.push(await insertUpdate(trx, item, now))
        return results
      })
    } catch (error) {
      // The transaction rolled back: none of the batch is stored.
      for (const item of batch) item.reject(error)
      return
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!
      if ('seq' in outcome) item.resolve(outcome.seq)
      else item.reject(outcome.error)
    })
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
    async load(doc) {
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

    append(doc, update) {
      return new Promise<number>((resolve, reject) => {
        const situationId = situationOf(doc)
        pending.push({ doc, situationId, bytes: toBuffer(update), claim: claimFor(situationId), resolve, reject })
        scheduleFlush()
      })
    },

    async remove(doc, seq) {
      await fenced(situationOf(doc), (trx) => trx.deleteFrom('doc_updates').where('doc', '=', doc).where('seq', '=', seq).execute())
    },

    async compact(doc, state, uptoSeq) {
      const situationId = situationOf(doc)
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

    async quarantine(doc, source, id, reason) {
      const situationId = situationOf(doc)
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

    async countAfter(doc, seq) {
      const { count } = await db
        .selectFrom('doc_updates')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('doc', '=', doc)
        .where('seq', '>', seq)
        .executeTakeFirstOrThrow()
      return Number(count)
    },
  }
}
