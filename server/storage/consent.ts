import type { Db } from './db.ts'

export interface ConsentRow {
  id: string
  situationId: string
  status: 'agreed' | 'objected'
  informed: boolean
  how: string
  givenByMember: string | null
  recordedBy: string
  givenAt: string
  recordedAt: string
  comment: string
}

const COLUMNS =
  'id, situation_id AS situationId, status, informed, how, given_by_member AS givenByMember, recorded_by AS recordedBy, given_at AS givenAt, recorded_at AS recordedAt, comment'

/** The consent record of each situation; the latest row is in force. */
export function createConsentRows(db: Db) {
  const insert = db.prepare(
    `INSERT INTO consent_records (id, situation_id, status, informed, how, given_by_member, recorded_by, given_at, recorded_at, comment)
     VALUES (@id, @situationId, @status, @informed, @how, @givenByMember, @recordedBy, @givenAt, @recordedAt, @comment)`,
  )
  const history = db.prepare(`SELECT ${COLUMNS} FROM consent_records WHERE situation_id = ? ORDER BY recorded_at DESC, rowid DESC`)
  const latest = db.prepare(`SELECT ${COLUMNS} FROM consent_records WHERE situation_id = ? ORDER BY recorded_at DESC, rowid DESC LIMIT 1`)
  const toRow = (row: Record<string, unknown> | undefined) => row && ({ ...row, informed: row.informed === 1 } as ConsentRow)
  return {
    insert: (row: ConsentRow) => void insert.run({ ...row, informed: row.informed ? 1 : 0 }),
    history: (situationId: string) => (history.all(situationId) as Record<string, unknown>[]).map((r) => toRow(r)!),
    latest: (situationId: string) => toRow(latest.get(situationId) as Record<string, unknown> | undefined),
    /** True while the latest statement is an objection to sharing. */
    hasObjection: (situationId: string) => (latest.get(situationId) as { status?: string } | undefined)?.status === 'objected',
  }
}
export type ConsentRows = ReturnType<typeof createConsentRows>
