import { Worker } from 'node:worker_threads'
import type { Db, Durability } from './db.ts'
import { createSqliteDocumentStore, type DocumentStore } from './updates.ts'
import { toDocumentName, type DocumentKey } from '../../shared/protocol/document-key.ts'

export interface DocumentWriterStats {
  /** postMessage calls to the worker: one per event-loop turn that appended. */
  posts: number
  /** Transactions the worker committed (or failed). */
  commits: number
  /** Appends acknowledged by the worker. */
  appends: number
  /** The most appends one commit carried. */
  largestCommit: number
}

export interface WorkerDocumentStore extends DocumentStore {
  readonly stats: DocumentWriterStats
  /** True while appends go to the worker; false once it failed and appends fell back to the main thread, or after close. */
  readonly inWorker: boolean
  /** Waits for the appends already made, then ends the worker; later appends go to the main-thread store. */
  close(): Promise<void>
  /** Ends the worker without the stop message, as a crash would (tests; never while it may be inside SQLite, see close). */
  terminateForTest(): Promise<void>
}

interface QueuedAppend {
  key: DocumentKey
  doc: string
  bytes: Uint8Array
  resolve: (seq: number) => void
  reject: (error: unknown) => void
}

type WorkerReply = { ids: number[]; seqs: number[][]; error?: undefined } | { ids: number[]; error: string; seqs?: undefined }

export class DocumentWriterError extends Error {
  override name = 'DocumentWriterError'
}

/**
 * The document store with its appends committed by a worker thread that owns
 * a second SQLite connection to the same file (issue 17, docs/decisions/019):
 * the BEGIN…COMMIT (and the fsync under DURABILITY=full) leaves the event loop.
 *
 * The appends of one event-loop turn go to the worker in one postMessage; the
 * worker commits everything that arrived while its previous commit ran in one
 * transaction, so batches grow with the load (group commit, decision 002). An
 * append resolves with its seq once that transaction is committed: as durable
 * as with the main-thread store, under the same `synchronous` setting.
 *
 * Appends are committed in call order: turns are posted in order, the worker
 * commits messages in arrival order, and rows within a message in order.
 *
 * The other operations stay on the main connection (`createSqliteDocumentStore`):
 * they are rare, and those that name a seq (`remove`, `compact`'s `uptoSeq`,
 * `quarantine` of an update) only ever name seqs already acknowledged, hence
 * committed and visible to the main connection's next read. A concurrent
 * worker commit only adds rows after them.
 *
 * The worker does not join a data-layer transaction open on the main
 * connection (updates.ts's flush has to wait for one; here SQLite's locking
 * does): it waits for the write lock (busy_timeout) inside the worker, which
 * blocks no event loop that serves clients. No data-layer transaction body
 * awaits a document append (checked for issue 17), so this cannot deadlock.
 *
 * If the worker fails or exits, the appends waiting for it are rejected (the
 * room closes its sockets with the retryable code and clients resend) and
 * later appends fall back to the main-thread store, reported once through
 * `onError`: never a silent loss, never a hang. A rejected append may still be
 * in the file (the worker may have committed before it died), as after a crash
 * between commit and acknowledgement; a Yjs update applied twice is harmless.
 *
 * @example const store = createWorkerDocumentStore(db, { durability: 'process', onError: (reason) => log.error(reason) })
 */
export function createWorkerDocumentStore(
  db: Db,
  { durability = 'process', onError = () => {} }: { durability?: Durability; onError?: (reason: string) => void } = {},
): WorkerDocumentStore {
  const main = createSqliteDocumentStore(db)
  const stats: DocumentWriterStats = { posts: 0, commits: 0, appends: 0, largestCommit: 0 }
  const worker = new Worker(new URL('./document-writer-worker.cjs', import.meta.url), {
    workerData: { file: db.name, durability },
    // The worker is plain CommonJS: no TypeScript loader from the parent's flags.
    execArgv: [],
  })
  // Kept alive only while appends wait for it (see track): an idle writer never holds the process open.
  worker.unref()

  let inWorker = true
  let closing = false
  /** Set once the stop message is posted: later appends go to the main connection, after everything the worker committed. */
  let stopSent = false
  let turn: QueuedAppend[] = []
  let postScheduled = false
  let nextId = 1
  /** The highest seq whose append has resolved: the worker commits and answers in order, so every row up to it is acknowledged. */
  let lastAcknowledged = 0
  const acknowledged = (seq: number) => {
    if (seq > lastAcknowledged) lastAcknowledged = seq
    return seq
  }
  const appendOnMain = (key: DocumentKey, update: Uint8Array) => main.append(key, update).then(acknowledged)
  /** Posted turns not yet acknowledged, by message id. */
  const posted = new Map<number, QueuedAppend[]>()
  let drained: (() => void)[] = []

  const track = () => {
    if (posted.size === 0 && turn.length === 0) {
      worker.unref()
      for (const resolve of drained.splice(0)) resolve()
    } else worker.ref()
  }

  /** The worker is gone or failing: refuse what waits for it, send later appends to the main connection. */
  const fallBack = (reason: string) => {
    if (!inWorker) return
    inWorker = false
    if (!closing) onError(`DOCUMENT WRITER WORKER FAILED; appends are committed on the main thread from now on: ${reason}`)
    const error = new DocumentWriterError(`document writer worker stopped before acknowledging: ${reason}`)
    for (const batch of posted.values()) for (const item of batch) item.reject(error)
    posted.clear()
    // Not yet posted: nothing of them reached the worker, so the main connection commits them, still in call order.
    const unsent = turn
    turn = []
    for (const item of unsent) appendOnMain(item.key, item.bytes).then(item.resolve, item.reject)
    track()
    // No worker.terminate(): 'error' and 'exit' both mean its JavaScript has stopped already (and see close).
  }

  const post = () => {
    postScheduled = false
    if (turn.length === 0 || !inWorker) return
    const batch = turn
    turn = []
    const id = nextId++
    posted.set(id, batch)
    stats.posts += 1
    // Structured clone copies the bytes: the updates' buffers belong to the socket and Yjs, they cannot be transferred.
    worker.postMessage({ id, docs: batch.map((item) => item.doc), updates: batch.map((item) => item.bytes) })
  }

  worker.on('message', (reply: WorkerReply) => {
    stats.commits += 1
    let count = 0
    reply.ids.forEach((id, index) => {
      const batch = posted.get(id)
      if (!batch) return
      posted.delete(id)
      count += batch.length
      if (reply.error !== undefined) {
        const error = new DocumentWriterError(reply.error)
        for (const item of batch) item.reject(error)
        return
      }
      const seqs = reply.seqs[index]!
      batch.forEach((item, at) => item.resolve(acknowledged(seqs[at]!)))
    })
    if (reply.error === undefined) {
      stats.appends += count
      stats.largestCommit = Math.max(stats.largestCommit, count)
    }
    track()
  })
  worker.on('error', (error) => fallBack(`worker error: ${error.message}`))
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      fallBack(`worker exited (${code})`)
      resolve()
    })
  })

  const allAcknowledged = () =>
    posted.size === 0 && turn.length === 0 ? Promise.resolve() : new Promise<void>((resolve) => drained.push(resolve))

  return {
    stats,
    get inWorker() {
      return inWorker
    },

    append(key, update) {
      if (!inWorker || stopSent) return appendOnMain(key, update)
      return new Promise<number>((resolve, reject) => {
        turn.push({ key, doc: toDocumentName(key), bytes: update, resolve, reject })
        if (turn.length === 1) track()
        // One post per turn of the event loop, as updates.ts's group commit.
        if (!postScheduled) {
          postScheduled = true
          setImmediate(post)
        }
      })
    },

    load: (key) => main.load(key),
    remove: (key, seq) => main.remove(key, seq),
    async compact(key, state, uptoSeq) {
      const { remainingRows } = await main.compact(key, state, uptoSeq)
      // Rows the worker has committed but whose appends have not resolved yet are visible to the main
      // connection, yet not in the log as far as the caller knows: it has not applied them. Counted,
      // they made persist.ts compact again at once, at the same uptoSeq, in a loop of microtasks that
      // never let the acknowledgements in (the event loop hung). Left out, as the main-thread store,
      // whose commits resolve in the same turn, leaves them out in effect.
      const unacknowledged = await main.countAfter(key, lastAcknowledged)
      return { remainingRows: Math.max(0, remainingRows - unacknowledged) }
    },
    async quarantine(key, source, id, reason) {
      // The main-thread store's quarantine reads the row, then writes, in one deferred transaction: a commit by
      // the worker between the two makes SQLite refuse the write (SQLITE_BUSY_SNAPSHOT, no busy wait). Retried.
      for (let attempt = 1; ; attempt++) {
        try {
          return await main.quarantine(key, source, id, reason)
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_BUSY_SNAPSHOT' || attempt >= 3) throw error
        }
      }
    },
    countAfter: (key, seq) => main.countAfter(key, seq),
    async eraseSituation(situationId) {
      // Unlike the seq-named operations, an erasure may meet appends still on their way: let them land first, then erase them too.
      await allAcknowledged()
      return main.eraseSituation(situationId)
    },

    async close() {
      if (closing) return exited
      closing = true
      // An acknowledgement may bring appends with it (its continuations run first): wait until none is left.
      while (inWorker && (turn.length > 0 || posted.size > 0)) await allAcknowledged()
      if (inWorker) {
        stopSent = true
        worker.postMessage('stop')
      }
      // Never worker.terminate() here: terminating a worker while better-sqlite3 throws inside it (a busy
      // wait ending in SQLITE_BUSY) aborts the whole process (v8 ToLocalChecked, seen in the tests). The
      // worker's busy_timeout is 5 s; past 6 s it is left to end with the process.
      let timer: NodeJS.Timeout | undefined
      const gaveUp = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), 6_000)
      })
      if (await Promise.race([exited.then(() => false), gaveUp])) {
        worker.unref()
        onError('document writer worker did not stop within 6 s; left to end with the process')
      }
      clearTimeout(timer)
      drained = []
    },

    async terminateForTest() {
      await worker.terminate()
    },
  }
}
