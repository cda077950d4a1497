import { parisDayOf } from '../../shared/domain/dates.ts'
import { can } from '../auth/policy.ts'
import type { AccessService } from '../auth/access.ts'
import type { MeetingRows } from '../storage/meetings.ts'
import type { PlanActionRows } from '../storage/plan-actions.ts'
import type { SituationRows } from '../storage/situations.ts'

export interface MySituationsDeps {
  access: AccessService
  situations: Pick<SituationRows, 'situationsOfUser'>
  meetings: Pick<MeetingRows, 'list'>
  planActions: Pick<PlanActionRows, 'forOwners'>
}

/**
 * "Mes situations": every situation the user may view (archived ones are out
 * of the list already), each with the next meeting to prepare — planned or
 * started, not before `today` (a Paris calendar day) — and how many actions
 * of the plan the user (or their organisation) still has open.
 */
export async function mySituations(deps: MySituationsDeps, userId: string, today: string) {
  const all = await deps.situations.situationsOfUser(userId)
  const contexts = await Promise.all(all.map((row) => deps.access.context(row.id, userId)))
  const rows = all
    .filter((_row, index) => {
      const context = contexts[index] ?? null
      return context !== null && can(context, 'view')
    })
  return Promise.all(
    rows.map(async (row) => ({
      ...row,
      nextMeeting:
        (await deps.meetings.list(row.id))
          .filter((meeting) => meeting.status !== 'ended' && parisDayOf(meeting.startsAt) >= today)
          .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
          .map((meeting) => ({ id: meeting.id, kind: meeting.kind, startsAt: meeting.startsAt, status: meeting.status }))[0] ?? null,
      openActions: (await deps.planActions.forOwners(row.id, [row.memberId, ...(row.organisation ? [row.organisation] : [])]))
        .filter((action) => action.status !== 'done' && action.status !== 'dropped').length,
  })),
  )
}
