import type { SqlDb } from './sql/schema.ts'

import type { CoEvaluationRating, CoEvaluationSide } from '../../shared/domain/follow-up.ts'
export type { CoEvaluationRating, CoEvaluationSide }

export interface CoEvaluationRow {
  id: string
  situationId: string
  goalId: string
  side: CoEvaluationSide
  rating: CoEvaluationRating
  comment: string
  userId: string
  memberId: string
  at: string
}

const COLUMNS = ['id', 'situation_id as situationId', 'goal_id as goalId', 'side', 'rating', 'comment', 'user_id as userId', 'member_id as memberId', 'at'] as const

/** Co-evaluation of each goal at review, by the circle and by the person: append-only, the latest per goal and side in force. */
export function createCoEvaluationRows(sql: SqlDb) {
  return {
    async insert(row: CoEvaluationRow): Promise<void> {
      await sql
        .insertInto('co_evaluations')
        .values({
          id: row.id,
          situation_id: row.situationId,
          goal_id: row.goalId,
          side: row.side,
          rating: row.rating,
          comment: row.comment,
          user_id: row.userId,
          member_id: row.memberId,
          at: row.at,
        })
        .execute()
    },
    /** Oldest first; two in the same millisecond by id (PostgreSQL has no rowid: the order both engines share). */
    async history(situationId: string): Promise<CoEvaluationRow[]> {
      const rows = await sql.selectFrom('co_evaluations').select(COLUMNS).where('situation_id', '=', situationId).orderBy('at').orderBy('id').execute()
      return rows.map((row) => ({ ...row, side: row.side as CoEvaluationSide, rating: row.rating as CoEvaluationRating }))
    },
  }
}
export type CoEvaluationRows = ReturnType<typeof createCoEvaluationRows>
