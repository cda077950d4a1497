/**
 * `npm run restore -- BACKUP_FILE` (server stopped): copies a backup over
 * DATA_DIR/concerto.sqlite and marks it restored. Sessions older than the
 * restore still log in over HTTP, but their sync connections are closed with
 * 4412 (restoredFromBackup): clients drop their local copies, which may hold
 * edits the backup does not have, instead of merging them back.
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../server/storage/db.ts'
import { createServerState } from '../server/storage/server-state.ts'
import { sqliteSql } from '../server/storage/sql/sqlite.ts'

const source = process.argv[2]
if (!source || !existsSync(source)) {
  process.stderr.write('usage: npm run restore -- BACKUP_FILE   (with the server stopped)\n')
  process.exit(2)
}
const dataDir = process.env.DATA_DIR ?? './data'
const target = join(dataDir, 'concerto.sqlite')
for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true })
copyFileSync(source, target)
const db = openDatabase({ dataDir })
await createServerState(sqliteSql(db)).set('restoredAt', String(Date.now()))
db.close()
process.stdout.write(`Restored ${source} into ${target}. Clients will be asked to drop their local copies.\n`)
