import Database from 'better-sqlite3'
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { checksum } from '../../server/storage/updates.ts'

/**
 * Reads what a (stopped or killed) server left on disk, without going
 * through the server: every log row and snapshot is checked (CRC-32 and
 * `Y.decodeUpdate`) and a document is rebuilt the way persist.ts loads it
 * (newest intact snapshot + the log after it).
 *
 * The files are copied first, so opening them here (which replays and
 * checkpoints the WAL) never changes what the restarted server will find.
 */

export interface RowProblem {
  table: 'doc_updates' | 'doc_snapshots'
  id: number
  doc: string
  problem: string
}

export interface StoredAudit {
  updateRows: number
  snapshotRows: number
  quarantined: number
  problems: RowProblem[]
  docs: string[]
}

/** Copies `concerto.sqlite` with its -wal/-shm into a temp folder; the caller removes it with `dispose`. */
export function copyDatabase(dataDir: string): { file: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'concerto-copy-'))
  for (const suffix of ['', '-wal', '-shm']) {
    const source = join(dataDir, `concerto.sqlite${suffix}`)
    if (existsSync(source)) copyFileSync(source, join(dir, `concerto.sqlite${suffix}`))
  }
  return { file: join(dir, 'concerto.sqlite'), dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

const decodeProblem = (bytes: Uint8Array): string | null => {
  try {
    Y.decodeUpdate(bytes)
    return null
  } catch (error) {
    return `undecodable: ${(error as Error).message}`
  }
}

const asBytes = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)

/** Checks every stored row of a database file (use on a copy, or on a stopped server's file). */
export function auditStoredRows(file: string): StoredAudit {
  const db = new Database(file, { fileMustExist: true })
  try {
    const problems: RowProblem[] = []
    const docs = new Set<string>()
    const updates = db.prepare('SELECT seq AS id, doc, bytes, checksum FROM doc_updates').iterate() as Iterable<{ id: number; doc: string; bytes: Buffer; checksum: number }>
    let updateRows = 0
    for (const row of updates) {
      updateRows++
      docs.add(row.doc)
      const bytes = asBytes(row.bytes)
      const problem = checksum(bytes) !== row.checksum ? 'checksum mismatch' : decodeProblem(bytes)
      if (problem) problems.push({ table: 'doc_updates', id: row.id, doc: row.doc, problem })
    }
    const snapshots = db.prepare('SELECT id, doc, bytes, checksum FROM doc_snapshots').all() as { id: number; doc: string; bytes: Buffer; checksum: number }[]
    for (const row of snapshots) {
      docs.add(row.doc)
      const bytes = asBytes(row.bytes)
      const problem = checksum(bytes) !== row.checksum ? 'checksum mismatch' : decodeProblem(bytes)
      if (problem) problems.push({ table: 'doc_snapshots', id: row.id, doc: row.doc, problem })
    }
    const quarantined = db.prepare('SELECT count(*) FROM doc_quarantine').pluck().get() as number
    return { updateRows, snapshotRows: snapshots.length, quarantined, problems, docs: [...docs].sort() }
  } finally {
    db.close()
  }
}

/** Rebuilds one document from a database file as the server would load it. */
export function loadStoredDoc(file: string, docName: string): Y.Doc {
  const db = new Database(file, { fileMustExist: true })
  try {
    const doc = new Y.Doc()
    const snapshots = db.prepare('SELECT upto_seq AS uptoSeq, bytes, checksum FROM doc_snapshots WHERE doc = ? ORDER BY id DESC').all(docName) as {
      uptoSeq: number
      bytes: Buffer
      checksum: number
    }[]
    let from = 0
    for (const snapshot of snapshots) {
      const bytes = asBytes(snapshot.bytes)
      if (checksum(bytes) !== snapshot.checksum || decodeProblem(bytes)) continue
      Y.applyUpdate(doc, bytes)
      from = snapshot.uptoSeq
      break
    }
    const rows = db.prepare('SELECT bytes, checksum FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq').all(docName, from) as { bytes: Buffer; checksum: number }[]
    for (const row of rows) {
      const bytes = asBytes(row.bytes)
      if (checksum(bytes) !== row.checksum || decodeProblem(bytes)) continue
      Y.applyUpdate(doc, bytes)
    }
    return doc
  } finally {
    db.close()
  }
}

/** Copies a data directory's database and rebuilds one document from the copy. */
export function readDocFromDisk(dataDir: string, docName: string): { doc: Y.Doc; audit: StoredAudit } {
  const copy = copyDatabase(dataDir)
  try {
    return { doc: loadStoredDoc(copy.file, docName), audit: auditStoredRows(copy.file) }
  } finally {
    copy.dispose()
  }
}
