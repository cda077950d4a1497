import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type Db } from './db.ts'
import { BACKSTOP_PAGES, startCheckpointer, type Checkpointer } from './checkpointer.ts'
import { eventually } from '../../test/helpers/clients.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function open(): { db: Db; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'concerto-ckpt-'))
  const db = openDatabase({ dataDir: dir })
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  cleanups.push(() => {
    db.close()
  })
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, bytes BLOB)')
  return { db, dir }
}
const writeRows = (db: Db, count: number) => {
  const insert = db.prepare('INSERT INTO t (bytes) VALUES (?)')
  for (let i = 0; i < count; i++) insert.run(Buffer.alloc(3000, i % 256))
}
const start = (db: Db, options: Parameters<typeof startCheckpointer>[1] = {}): Checkpointer => {
  const checkpointer = startCheckpointer(db, { intervalMs: 50, ...options })
  cleanups.push(() => checkpointer.stop())
  return checkpointer
}

describe('WAL checkpoints in a worker thread', () => {
  it('leave the writer only a distant backstop and copy its WAL back from another thread', async () => {
    const { db, dir } = open()
    const checkpointer = start(db)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES)
    // 2,000 commits of ~3 KB: far past the 1,000 pages at which SQLite would checkpoint inside a commit.
    writeRows(db, 2000)
    await eventually(() => {
      expect(checkpointer.stats.lastLogFrames).toBeGreaterThan(1000)
      expect(checkpointer.stats.lastCheckpointedFrames).toBe(checkpointer.stats.lastLogFrames)
    })
    // The pages reached the database file itself, not only the WAL.
    expect(statSync(join(dir, 'concerto.sqlite')).size).toBeGreaterThan(2000 * 3000)
    expect(checkpointer.inWorker).toBe(true)
  })

  it('keeps the WAL file bounded under steady commits, although the worker never sees the WAL start over', async () => {
    const { db, dir } = open()
    start(db, { intervalMs: 200 })
    const insert = db.prepare('INSERT INTO t (bytes) VALUES (?)')
    const commit = db.transaction(() => {
      for (let i = 0; i < 5; i++) insert.run(Buffer.alloc(300, i))
    })
    // Commits spread over event-loop turns for 3 s, as the server makes them.
    const wal = join(dir, 'concerto.sqlite-wal')
    let largest = 0
    let commits = 0
    const until = Date.now() + 3000
    while (Date.now() < until) {
      for (let i = 0; i < 20; i++) commit()
      commits += 20
      largest = Math.max(largest, statSync(wal).size)
      await new Promise((resolve) => setImmediate(resolve))
    }
    // Each commit appends at least one 4 KiB page: unbounded, the WAL would hold every one of them.
    expect(commits).toBeGreaterThan(3 * 2 * BACKSTOP_PAGES)
    // Bounded near the backstop (a backstop checkpoint that meets the worker's is retried on the next commits).
    expect(largest).toBeLessThan(2 * BACKSTOP_PAGES * 4120)
  })

  it('hands checkpoints back to SQLite when the worker dies, so the WAL stays bounded', async () => {
    const { db } = open()
    const reasons: string[] = []
    const checkpointer = start(db, { onError: (reason) => reasons.push(reason) })
    await eventually(() => expect(checkpointer.stats.runs).toBeGreaterThan(0))
    // Kill the worker the hard way: the checkpointer must notice.
    await checkpointer.terminateForTest()
    await eventually(() => expect(checkpointer.inWorker).toBe(false))
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect(reasons.join(' ')).toMatch(/exited/)
  })

  it('restores the automatic checkpoint when stopped', async () => {
    const { db } = open()
    const checkpointer = start(db)
    await checkpointer.stop()
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
  })

  it('ends its thread once nothing has been written for a while, and the next write brings one back that copies the WAL back', async () => {
    const { db, dir } = open()
    const checkpointer = start(db, { idleMs: 300 })
    writeRows(db, 50)
    await eventually(() => expect(checkpointer.sleeping).toBe(true))
    expect(checkpointer.stats.sleeps).toBe(1)
    const runsAsleep = checkpointer.stats.runs
    // 1,500 commits of ~3 KB while no thread runs.
    writeRows(db, 1500)
    await eventually(() => {
      expect(checkpointer.stats.wakes).toBe(1)
      expect(checkpointer.stats.runs).toBeGreaterThan(runsAsleep)
      expect(checkpointer.stats.lastLogFrames).toBeGreaterThan(0)
      expect(checkpointer.stats.lastCheckpointedFrames).toBe(checkpointer.stats.lastLogFrames)
    })
    expect(statSync(join(dir, 'concerto.sqlite')).size).toBeGreaterThan(1550 * 3000)
    // And, quiet again, it ends again.
    await eventually(() => expect(checkpointer.stats.sleeps).toBe(2))
    expect(checkpointer.inWorker).toBe(true)
  })

  it('stops while asleep without starting a thread again, and restores the automatic checkpoint', async () => {
    const { db } = open()
    const checkpointer = start(db, { idleMs: 200 })
    await eventually(() => expect(checkpointer.sleeping).toBe(true))
    await checkpointer.stop()
    writeRows(db, 10)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(checkpointer.stats.wakes).toBe(0)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
  })
})
