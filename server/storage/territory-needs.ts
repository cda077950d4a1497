import type { Db } from './db.ts'
import type { MissingAnswer } from '../../shared/domain/territory.ts'

export interface UnmetNeedRow {
  rowId: string
  needCode: string
  missingAnswer: MissingAnswer | null
  /** YYYY-MM-DD: the plan's `missingSince`, else the day the unmet goal was written. */
  missingSince: string
}

export interface AssessmentNeedRow {
  domain: string
  needCode: string
}

/** Rows of the needs projection; replaced whole per situation on each projection, in one transaction. */
export function createTerritoryNeedRows(db: Db) {
  const clearUnmet = db.prepare('DELETE FROM unmet_needs WHERE situation_id = ?')
  const clearAssessment = db.prepare('DELETE FROM assessment_needs WHERE situation_id = ?')
  const insertUnmet = db.prepare(
    `INSERT OR IGNORE INTO unmet_needs (situation_id, row_id, need_code, missing_answer, missing_since, projected_at)
     VALUES (@situationId, @rowId, @needCode, @missingAnswer, @missingSince, @projectedAt)`,
  )
  const insertAssessment = db.prepare(
    'INSERT OR IGNORE INTO assessment_needs (situation_id, domain, need_code, projected_at) VALUES (@situationId, @domain, @needCode, @projectedAt)',
  )
  const unmetOf = db.prepare(
    'SELECT row_id AS rowId, need_code AS needCode, missing_answer AS missingAnswer, missing_since AS missingSince FROM unmet_needs WHERE situation_id = ? ORDER BY row_id, need_code',
  )
  return {
    replace: db.transaction((situationId: string, unmet: UnmetNeedRow[], assessment: AssessmentNeedRow[]) => {
      clearUnmet.run(situationId)
      clearAssessment.run(situationId)
      const projectedAt = new Date().toISOString()
      for (const row of unmet) insertUnmet.run({ ...row, situationId, projectedAt })
      for (const row of assessment) insertAssessment.run({ ...row, situationId, projectedAt })
    }),
    unmetOf: (situationId: string) => unmetOf.all(situationId) as UnmetNeedRow[],
  }
}
export type TerritoryNeedRows = ReturnType<typeof createTerritoryNeedRows>
