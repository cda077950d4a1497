import type { SqlDb } from './sql/schema.ts'

export interface PlanActionRow {
  situationId: string
  actionId: string
  goalId: string | null
  title: string
  owner: string | null
  dueDate: string | null
  status: string
}

const COLUMNS = ['situation_id as situationId', 'action_id as actionId', 'goal_id as goalId', 'title', 'owner', 'due_date as dueDate', 'status'] as const

/**
 * Rows of the action projection; replaced whole per situation on each
 * projection. Asynchronous on both engines (docs/decisions/018).
 * @example await createPlanActionRows(sql).replace(situationId, rows)
 */
export function createPlanActionRows(sql: SqlDb) {
  return {
    async forAction(situationId: string, actionId: string): Promise<PlanActionRow | undefined> {
      return sql.selectFrom('plan_actions').select(COLUMNS).where('situation_id', '=', situationId).where('action_id', '=', actionId).executeTakeFirst()
    },
    /** The situation's rows become exactly `rows`, in one transaction: a reader never sees half a projection. */
    async replace(situationId: string, rows: Omit<PlanActionRow, 'situationId'>[]): Promise<void> {
      const projectedAt = new Date().toISOString()
      const values = rows.map((row) => ({
        situation_id: situationId,
        action_id: row.actionId,
        goal_id: row.goalId,
        title: row.title,
        owner: row.owner,
        due_date: row.dueDate,
        status: row.status,
        projected_at: projectedAt,
      }))
      await sql.transaction().execute(async (trx) => {
        await trx.deleteFrom('plan_actions').where('situation_id', '=', situationId).execute()
        if (values.length > 0) await trx.insertInto('plan_actions').values(values).execute()
      })
    },
    /** The situation's actions owned by any of `owners`, with the situation's title. */
    async forOwners(situationId: string, owners: string[]): Promise<(PlanActionRow & { situationTitle: string })[]> {
      if (owners.length === 0) return []
      return sql
        .selectFrom('plan_actions as a')
        .innerJoin('situations as s', 's.id', 'a.situation_id')
        .select([
          'a.situation_id as situationId',
          'a.action_id as actionId',
          'a.goal_id as goalId',
          'a.title',
          'a.owner',
          'a.due_date as dueDate',
          'a.status',
          's.title as situationTitle',
        ])
        .where('a.situation_id', '=', situationId)
        .where('a.owner', 'in', owners)
        .execute() as Promise<(PlanActionRow & { situationTitle: string })[]>
    },
  }
}
export type PlanActionRows = ReturnType<typeof createPlanActionRows>
