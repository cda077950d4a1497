import { Hono } from 'hono'
import { isOverdue, todayInParis } from '../../shared/domain/dates.ts'
import type { AccessService } from '../auth/access.ts'
import type { PlanActionRows } from '../domain/stores.ts'
import type { SituationRows } from '../domain/stores.ts'
import type { AppEnv } from './context.ts'
import { requireUser } from './session.ts'

/**
 * "Mes actions": across all my situations, the actions owned by my
 * membership or by my organisation, from the SQL projection, by due date.
 */
export function myActionsRoutes(deps: { situations: SituationRows; access: AccessService; planActions: PlanActionRows }) {
  return new Hono<AppEnv>().get('/me/actions', requireUser, (c) => {
    const user = c.get('user')!
    const today = todayInParis()
    const actions = deps.situations.membershipsOfUser(user.id).flatMap((member) => {
      if (deps.access.partAccess(member.situationId, user.id, 'plan') === 'none') return []
      const owners = [member.id, ...(member.organisation ? [member.organisation] : [])]
      return deps.planActions.forOwners(member.situationId, owners).map((row) => ({
        id: row.actionId,
        situationId: row.situationId,
        situationTitle: row.situationTitle,
        goalId: row.goalId,
        title: row.title,
        owner: row.owner,
        ownedBy: row.owner === member.id ? 'me' : 'organisation',
        dueDate: row.dueDate,
        status: row.status,
        overdue: isOverdue(row.dueDate, row.status, today),
      }))
    })
    actions.sort((a, b) => (a.dueDate ?? '9999') .localeCompare(b.dueDate ?? '9999') || a.title.localeCompare(b.title, 'fr'))
    return c.json(actions)
  })
}
