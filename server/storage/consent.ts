import { nextSeq } from './insertion-order.ts'
import type { SqlDb } from './sql/schema.ts'

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

const COLUMNS = [
  'id',
  'situation_id as situationId',
  'status',
  'informed',
  'how',
  'given_by_member as givenByMember',
  'recorded_by as recordedBy',
  'given_at as givenAt',
  'recorded_at as recordedAt',
  'comment',
] as const

type Stored = Omit<ConsentRow, 'informed' | 'status'> & { informed: number; status: string }
const toRow = (row: Stored): ConsentRow => ({ ...row, informed: row.informed === 1 }) as ConsentRow

/**
 * The consent record of each situation; the latest row is in force.
 * Asynchronous on both engines (docs/decisions/018).
 *
 * Newest first is `recorded_at` descending, then `seq` (migration 015): a
 * per-situation number given at insert, which breaks a tie of two statements
 * in the same millisecond on both engines (SQLite's rowid did, PostgreSQL has
 * none).
 * @example const rows = createConsentRows(sqliteSql(db)); await rows.hasObjection(situationId)
 */
export function createConsentRows(sql: SqlDb) {
  const newestFirst = (situationId: string) =>
    sql.selectFrom('consent_records').select(COLUMNS).where('situation_id', '=', situationId).orderBy('recorded_at', 'desc').orderBy('seq', 'desc')
  const latest = async (situationId: string): Promise<ConsentRow | undefined> => {
    const row = await newestFirst(situationId).limit(1).executeTakeFirst()
    return row && toRow(row)
  }
  return {
    async insert(row: ConsentRow): Promise<void> {
      await sql
        .insertInto('consent_records')
        .values({
          id: row.id,
          situation_id: row.situationId,
          status: row.status,
          informed: row.informed ? 1 : 0,
          how: row.how,
          given_by_member: row.givenByMember,
          recorded_by: row.recordedBy,
          given_at: row.givenAt,
          recorded_at: row.recordedAt,
          comment: row.comment,
          seq: nextSeq('consent_records', row.situationId),
        })
        .execute()
    },
    async history(situationId: string): Promise<ConsentRow[]> {
      return (await newestFirst(situationId).execute()).map(toRow)
    },
    latest,
    /** True while the latest statement is an objection to sharing. */
    async hasObjection(situationId: string): Promise<boolean> {
      return (await latest(situationId))?.status === 'objected'
    },
  }
}
export type ConsentRows = ReturnType<typeof createConsentRows>
