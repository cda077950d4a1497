/**
 * Online backup of the Concerto database, safe while the server runs.
 *
 *   DATA_DIR=./data node --import tsx scripts/backup.ts DEST [--force]
 *
 * Opens `DATA_DIR/concerto.sqlite` read-only and copies it with SQLite's
 * online backup API (better-sqlite3 `db.backup()`): in WAL mode readers never
 * block the server's writers, and the copy is one consistent moment of the
 * database, committed transactions only. DEST is a file, or an existing
 * directory that receives `concerto-<UTC timestamp>.sqlite`. The copy is
 * written beside DEST, checked (`PRAGMA quick_check`), switched to a
 * self-contained rollback journal, then renamed into place, so DEST never
 * holds half a backup. Exit codes: 0 written, 1 failed, 2 usage.
 */
import Database from 'better-sqlite3'
import { existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const args = process.argv.slice(2)
const force = args.includes('--force')
const positional = args.filter((arg) => !arg.startsWith('--'))

const print = (level: 'info' | 'error', msg: string, context: Record<string, unknown> = {}) => {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...context })
  if (level === 'error') process.stderr.write(`${line}\n`)
  else process.stdout.write(`${line}\n`)
}

function usage(message: string): never {
  print('error', message, { usage: 'DATA_DIR=./data node --import tsx scripts/backup.ts DEST [--force]' })
  process.exit(2)
}

if (positional.length !== 1) usage('expected exactly one destination')
const dataDir = process.env.DATA_DIR ?? './data'
const source = resolve(dataDir, 'concerto.sqlite')
if (!existsSync(source)) usage(`no database at ${source} (set DATA_DIR)`)
const target = resolve(positional[0]!)
const timestamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
const dest = existsSync(target) && statSync(target).isDirectory() ? join(target, `concerto-${timestamp}.sqlite`) : target
if (dest === source) usage('the destination is the live database')
if (existsSync(dest) && !force) usage(`${dest} exists; pass --force to replace it`)
const partial = `${dest}.partial`

async function backup(): Promise<void> {
  const started = Date.now()
  rmSync(partial, { force: true })
  const db = new Database(source, { readonly: true, fileMustExist: true })
  let pages: number
  try {
    db.pragma('busy_timeout = 5000')
    // 256 pages per step: the server's writes interleave with the copy.
    ;({ totalPages: pages } = await db.backup(partial, { progress: () => 256 }))
  } finally {
    db.close()
  }
  const copy = new Database(partial)
  let counts: Record<string, number>
  try {
    const check = copy.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`)
    // One self-contained file: no -wal/-shm to carry along; the server switches back to WAL when it opens it.
    copy.pragma('journal_mode = DELETE')
    const count = (table: string) => copy.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
    counts = { users: count('users'), situations: count('situations'), docUpdates: count('doc_updates'), docSnapshots: count('doc_snapshots'), versions: count('versions') }
  } finally {
    copy.close()
  }
  renameSync(partial, dest)
  print('info', 'backup written', { source, dest, bytes: statSync(dest).size, pages, counts, ms: Date.now() - started })
}

backup().catch((error: unknown) => {
  rmSync(partial, { force: true })
  print('error', 'backup failed', { source, dest, error: (error as Error).message })
  process.exit(1)
})
