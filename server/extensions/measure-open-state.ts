/**
 * Micro-benchmark of the rules check's "is the situation open?" question,
 * asked on every update of a writer (issue 17: 8.4 % of busy time at 3,200
 * edits/s when it was a SELECT per update).
 *
 *   node --import tsx server/extensions/measure-open-state.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../storage/db.ts'
import { createSituationRows } from '../storage/situations.ts'
import { sqliteSql } from '../storage/sql/sqlite.ts'
import { rememberOpenSituations } from './open-situations.ts'

const dir = mkdtempSync(join(tmpdir(), 'concerto-open-state-'))
const db = openDatabase({ dataDir: dir })
db.pragma('foreign_keys = OFF')
const rows = createSituationRows(sqliteSql(db))
await rows.insertSituation({
  id: 'bench', title: 'Bench', kind: 'pps', personName: 'P', status: 'open', reviewDate: null, createdAt: new Date().toISOString(),
  createdBy: 'user-bench', stage: 'preparation', level: null, territory: null, closedAt: null, closedReason: null,
} as Parameters<typeof rows.insertSituation>[0])
const open = rememberOpenSituations(rows)
await open.extension.onLoadDocument?.({ documentKey: { situationId: 'bench', part: 'plan' } } as Parameters<NonNullable<typeof open.extension.onLoadDocument>>[0])
const QUESTIONS = 200_000
const time = async (name: string, isOpen: (id: string) => boolean | Promise<boolean>) => {
  let yes = 0
  const start = performance.now()
  for (let i = 0; i < QUESTIONS; i++) if (await isOpen('bench')) yes++
  const perCall = ((performance.now() - start) * 1000) / QUESTIONS
  console.log(`${name.padEnd(34)} ${perCall.toFixed(2)} µs per update (${yes} open)`)
}
await time('before: SELECT situationById', async (id) => (await rows.situationById(id))?.status !== 'closed')
await time('after: remembered per situation', open.isOpen)
db.close()
rmSync(dir, { recursive: true, force: true })
