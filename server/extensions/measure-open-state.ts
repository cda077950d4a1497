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
import { rememberOpenSituations } from './open-situations.ts'

const dir = mkdtempSync(join(tmpdir(), 'concerto-open-state-'))
const db = openDatabase({ dataDir: dir })
db.pragma('foreign_keys = OFF')
const rows = createSituationRows(db)
rows.insertSituation({
  id: 'bench', title: 'Bench', kind: 'pps', personName: 'P', status: 'open', reviewDate: null, createdAt: new Date().toISOString(),
  createdBy: 'user-bench', stage: 'preparation', level: null, territory: null, closedAt: null, closedReason: null,
} as Parameters<typeof rows.insertSituation>[0])
const open = rememberOpenSituations(rows)
const QUESTIONS = 200_000
const time = (name: string, isOpen: (id: string) => boolean) => {
  let yes = 0
  const start = performance.now()
  for (let i = 0; i < QUESTIONS; i++) if (isOpen('bench')) yes++
  const perCall = ((performance.now() - start) * 1000) / QUESTIONS
  console.log(`${name.padEnd(34)} ${perCall.toFixed(2)} µs per update (${yes} open)`)
}
time('before: SELECT situationById', (id) => rows.situationById(id)?.status !== 'closed')
time('after: remembered per situation', open.isOpen)
db.close()
rmSync(dir, { recursive: true, force: true })
