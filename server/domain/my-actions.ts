import { isOverdue, todayInParis } from '../../shared/domain/dates.ts'
import type { AccessService } from '../auth/access.ts'
import type { PlanActionRows } from '../storage/plan-actions.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { MyAction } from '../../shared/api/situations.ts'

export interface MyActionsDeps {
  situations: Pick<SituationRows, 'membershipsOfUser'>
  access: Pick<AccessService, 'partAccess'>
  planActions: Pick<PlanActionRows, 'forOwners'>
}

/**
 * "Mes actions": across all of a user's situations whose plan they may read,
 * the actions owned by their membership or by their organisation, from the
 * SQL projection, by due date (then title, in French order).
 */
export async function myActions(deps: MyActionsDeps, userId: string, today = todayInParis()): Promise<MyAction[]> {
  const memberships = await deps.situations.membershipsOfUser(userId)
  const planAccess = await Promise.all(memberships.map((member) => deps.access.partAccess(member.situationId, userId, 'plan')))
  const perSituation = await Promise.all(memberships.map(async (member, index) => {
    if (planAccess[index] === 'none') return []
    const owners = [member.id, ...(member.organisation ? [member.organisation] : [])]
    return (await deps.planActions.forOwners(member.situationId, owners)).map((row) => ({
      id: row.actionId,
      situationId: row.situationId,
      situationTitle: row.situationTitle,
      goalId: row.goalId,
      title: row.title,
      owner: row.owner,
      ownedBy: row.owner === member.id ? ('me' as const) : ('organisation' as const),
      dueDate: row.dueDate,
      status: row.status,
      overdue: isOverdue(row.dueDate, row.status, today),
    }))
  }))
  const actions = perSituation.flat()
  actions.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.title.localeCompare(b.title, 'fr'))
  return actions
}
