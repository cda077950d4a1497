import type { SqlDb } from './sql/schema.ts'
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
export function createTerritoryNeedRows(sql: SqlDb) {
  return {
    async replace(situationId: string, unmet: UnmetNeedRow[], assessment: AssessmentNeedRow[]): Promise<void> {
      const projectedAt = new Date().toISOString()
      await sql.transaction().execute(async (trx) => {
        await trx.deleteFrom('unmet_needs').where('situation_id', '=', situationId).execute()
        await trx.deleteFrom('assessment_needs').where('situation_id', '=', situationId).execute()
        // A plan may code the same need twice on one row: one row kept, as the primary key says.
        if (unmet.length > 0) {
          await trx
            .insertInto('unmet_needs')
            .values(
              unmet.map((row) => ({
                situation_id: situationId,
                row_id: row.rowId,
                need_code: row.needCode,
                missing_answer: row.missingAnswer,
                missing_since: row.missingSince,
                projected_at: projectedAt,
              })),
            )
            .onConflict((oc) => oc.doNothing())
            .execute()
        }
        if (assessment.length > 0) {
          await trx
            .insertInto('assessment_needs')
            .values(assessment.map((row) => ({ situation_id: situationId, domain: row.domain, need_code: row.needCode, projected_at: projectedAt })))
            .onConflict((oc) => oc.doNothing())
            .execute()
        }
      })
    },
    async unmetOf(situationId: string): Promise<UnmetNeedRow[]> {
      const rows = await sql
        .selectFrom('unmet_needs')
        .select(['row_id as rowId', 'need_code as needCode', 'missing_answer as missingAnswer', 'missing_since as missingSince'])
        .where('situation_id', '=', situationId)
        .orderBy('row_id')
        .orderBy('need_code')
        .execute()
      return rows.map((row) => ({ ...row, missingAnswer: row.missingAnswer as MissingAnswer | null }))
    },
  }
}
export type TerritoryNeedRows = ReturnType<typeof createTerritoryNeedRows>
