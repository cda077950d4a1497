import type { Db } from './db.ts'

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

const COLUMNS = 'id, situation_id AS situationId, goal_id AS goalId, side, rating, comment, user_id AS userId, member_id AS memberId, at'

/** Co-evaluation of each goal at review, by the circle and by the person: append-only, the latest per goal and side in force. */
export function createCoEvaluationRows(db: Db) {
  const insert = db.prepare(
    `INSERT INTO co_evaluations (id, situation_id, goal_id, side, rating, comment, user_id, member_id, at)
     VALUES (@id, @situationId, @goalId, @side, @rating, @comment, @userId, @memberId, @at)`,
  )
  const ofSituation = db.prepare(`SELECT ${COLUMNS} FROM co_evaluations WHERE situation_id = ? ORDER BY at, rowid`)
  return {
    insert: (row: CoEvaluationRow) => void insert.run(row),
    history: (situationId: string) => ofSituation.all(situationId) as CoEvaluationRow[],
  }
}
export type CoEvaluationRows = ReturnType<typeof createCoEvaluationRows>
