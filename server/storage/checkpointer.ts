import { watch, type FSWatcher } from 'node:fs'
import { Worker } from 'node:worker_threads'
import type { Db, Durability } from './db.ts'

/** The writer's own checkpoint while the worker runs: a backstop that bounds the WAL (~16 MiB). */
export const BACKSTOP_PAGES = 4000
const SQLITE_DEFAULT_PAGES = 1000
/** The WAL file is truncated to this size when it starts over. */
const JOURNAL_SIZE_LIMIT = 16 * 1024 * 1024
const MAX_FAILURES_IN_A_ROW = 10

export interface CheckpointStats {
  /** Checkpoints the worker has run. */
  runs: number
  /** WAL frames in the log and copied back, at the last run. */
  lastLogFrames: number
  lastCheckpointedFrames: number
  /** Times the worker ended because nothing was written for `idleMs`, and times a write brought it back. */
  sleeps: number
  wakes: number
}

export interface Checkpointer {
  readonly stats: CheckpointStats
  /** True while checkpoints run in the worker; false after a failure handed them back to SQLite. */
  readonly inWorker: boolean
  /** True while no write has come since the worker ended for lack of work (no thread is running). */
  readonly sleeping: boolean
  stop(): Promise<void>
  /** Ends the worker without the stop message, as a crash would (tests). */
  terminateForTest(): Promise<void>
}

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint
 * runs inside whichever commit crosses 1,000 WAL pages, on the server's only
 * thread, and syncs the database file there: every room's broadcast waits
 * behind it (the meeting benchmark's p99 fell from 3.2 to 1.9 ms without
 * it). Here a worker thread with its own connection runs a PASSIVE
 * checkpoint every `intervalMs`, which never blocks the writer.
 *
 * The WAL file only starts over when a write begins on a fully copied-back
 * WAL, and under steady writes another thread's checkpoint almost never
 * ends just before one: the file would grow without bound. So the writer
 * keeps a backstop, an automatic checkpoint every BACKSTOP_PAGES (4× fewer
 * than SQLite's default, each copying only what the worker has not copied
 * yet), after which the WAL restarts; `journal_size_limit` then truncates it.
 * If the worker dies or keeps failing, SQLite's default comes back.
 *
 * The worker runs every 100 ms by default (CHECKPOINT_INTERVAL_MS), not every
 * second: the backstop runs inside a commit on the event loop and copies
 * (and syncs) whatever the worker has not, so the less it finds the shorter
 * the stall. At 3,200 edits/s a 1 s period left up to a second of frames to
 * it (single-update commits of 4–14 ms); at 100 ms the p99 there was lower
 * in three pairs of runs out of three (7.4 against 15.0 ms in one), for ~8 %
 * more CPU per edit at meeting rates (docs/PERFORMANCE.md, 5 Dec 2026). With
 * nothing new in the WAL a run is a no-op.
 *
 * A quiet server does not keep the thread: once the WAL has been copied back
 * in full and nothing was written for `idleMs` (10 s), the worker ends (its
 * isolate is 4 to 7 MB of RSS, issue 17) and the WAL file is watched; the
 * first write to it starts a new worker and ends the watch. A file that
 * cannot be watched keeps the worker running.
 */
export function startCheckpointer(
  db: Db,
  {
    durability = 'process',
    intervalMs = 100,
    idleMs = 10_000,
    onError = () => {},
  }: { durability?: Durability; intervalMs?: number; idleMs?: number; onError?: (reason: string) => void } = {},
): Checkpointer {
  const stats: CheckpointStats = { runs: 0, lastLogFrames: 0, lastCheckpointedFrames: 0, sleeps: 0, wakes: 0 }
  let inWorker = true
  let stopping = false
  let canSleep = idleMs > 0
  let worker: Worker | null = null
  let watcher: FSWatcher | null = null
  /** The exits of the workers still running, retired ones included: stop() waits for them. */
  const exits = new Set<Promise<void>>()
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`)
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`)
  let failuresInARow = 0

  const handBack = (reason: string) => {
    if (!inWorker) return
    inWorker = false
    closeWatcher()
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`)
    onError(reason)
    if (!stopping) void worker?.terminate()
  }
  const closeWatcher = () => {
    watcher?.close()
    watcher = null
  }

  const spawn = () => {
    const current = new Worker(new URL('./checkpoint-worker.cjs', import.meta.url), {
      workerData: { file: db.name, durability, intervalMs },
      // The worker is plain CommonJS: no TypeScript loader from the parent's flags.
      execArgv: [],
    })
    current.unref()
    worker = current
    let retired = false
    let quietRuns = 0
    current.on('message', (message: { error?: string; log?: number; checkpointed?: number }) => {
      if (retired) return
      if (message.error) {
        // A busy database now and then is ordinary for PASSIVE; a worker that keeps failing hands back.
        failuresInARow += 1
        quietRuns = 0
        if (!/busy|locked/i.test(message.error)) onError(`checkpoint failed: ${message.error}`)
        if (failuresInARow >= MAX_FAILURES_IN_A_ROW) handBack(`${failuresInARow} checkpoints failed in a row: ${message.error}`)
        return
      }
      failuresInARow = 0
      const log = message.log ?? 0
      const checkpointed = message.checkpointed ?? 0
      // Quiet: everything copied back, and no frame added since the last run.
      quietRuns = checkpointed === log && log === stats.lastLogFrames ? quietRuns + 1 : 0
      stats.runs += 1
      stats.lastLogFrames = log
      stats.lastCheckpointedFrames = checkpointed
      if (canSleep && quietRuns * intervalMs >= idleMs && retire()) retired = true
    })
    current.on('error', (error) => handBack(`checkpoint worker failed: ${error.message}`))
    const exit = new Promise<void>((resolve) => {
      current.once('exit', (code) => {
        if (!stopping && !retired) handBack(`checkpoint worker exited (${code})`)
        exits.delete(exit)
        resolve()
      })
    })
    exits.add(exit)
  }

  /** Ends the current worker once the WAL is watched; false (and the worker kept) when it cannot be watched. */
  const retire = (): boolean => {
    try {
      watcher = watch(`${db.name}-wal`, { persistent: false }, wake)
      watcher.on('error', () => {
        // The watch broke (file replaced, watcher limit): a worker again, and no more sleeping.
        canSleep = false
        wake()
      })
    } catch {
      canSleep = false
      return false
    }
    stats.sleeps += 1
    worker?.postMessage('stop')
    worker = null
    return true
  }

  const wake = () => {
    if (!watcher) return
    closeWatcher()
    if (stopping || !inWorker) return
    stats.wakes += 1
    spawn()
  }

  spawn()
  return {
    stats,
    get inWorker() {
      return inWorker
    },
    get sleeping() {
      return inWorker && worker === null
    },
    async terminateForTest() {
      await worker?.terminate()
    },
    async stop() {
      if (stopping) return void (await Promise.all([...exits]))
      stopping = true
      closeWatcher()
      const last = worker
      last?.postMessage('stop')
      const timer = setTimeout(() => void last?.terminate(), 5_000)
      await Promise.all([...exits])
      clearTimeout(timer)
      if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`)
    },
  }
}
