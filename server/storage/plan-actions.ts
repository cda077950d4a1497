import type { Db } from './db.ts'

export interface PlanActionRow {
  situationId: string
  actionId: string
  goalId: string | null
  title: string
  owner: string | null
  dueDate: string | null
  status: string
}

/** Rows of the action projection; replaced whole per situation on each projection. */
export function createPlanActionRows(db: Db) {
  const clear = db.prepare('DELETE FROM plan_actions WHERE situation_id = ?')
  const insert = db.prepare(
    `INSERT INTO plan_actions (situation_id, action_id, goal_id, title, owner, due_date, status, projected_at)
     VALUES (@situationId, @actionId, @goalId, @title, @owner, @dueDate, @status, @projectedAt)`,
  )
  const forOwners = db.prepare(
    `SELECT a.situation_id AS situationId, a.action_id AS actionId, a.goal_id AS goalId, a.title, a.owner, a.due_date AS dueDate,
            a.status, s.title AS situationTitle
       FROM plan_actions a JOIN situations s ON s.id = a.situation_id
      WHERE a.situation_id = ? AND a.owner IN (SELECT value FROM json_each(?))`,
  )
  const forAction = db.prepare(
    'SELECT situation_id AS situationId, action_id AS actionId, goal_id AS goalId, title, owner, due_date AS dueDate, status FROM plan_actions WHERE situation_id = ? AND action_id = ?',
  )
  return {
    forAction: (situationId: string, actionId: string) => forAction.get(situationId, actionId) as PlanActionRow | undefined,
    replace: db.transaction((situationId: string, rows: Omit<PlanActionRow, 'situationId'>[]) => {
      clear.run(situationId)
      const projectedAt = new Date().toISOString()
      for (const row of rows) insert.run({ ...row, situationId, projectedAt })
    }),
    forOwners: (situationId: string, owners: string[]) =>
      forOwners.all(situationId, JSON.stringify(owners)) as (PlanActionRow & { situationTitle: string })[],
  }
}
export type PlanActionRows = ReturnType<typeof createPlanActionRows>
