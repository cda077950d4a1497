import { readActions, readGoals } from '../../shared/schema/plan.ts'
import type { MeetingRow, MeetingRows } from '../storage/meetings.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { VersionRows } from '../storage/versions.ts'
import type { CoEvaluationRows } from '../storage/co-evaluations.ts'
import type { UserRows } from '../storage/users.ts'
import type { MinutesModel } from './meetings.ts'
import { coEvaluationView, type CoEvaluationGoalView } from './co-evaluation.ts'
import { docFromState } from './compare.ts'

/**
 * The minutes for the person, to be told in easy-to-read French: what was
 * decided for them, who does what and by when, when the next meeting is.
 * Built from the professional minutes' model and the version the meeting
 * validated; the client turns it into short sentences with pictograms.
 */
export interface EasyMinutes {
  meetingId: string
  kind: MeetingRow['kind']
  date: string
  personName: string
  decisions: { text: string; who: string }[]
  newGoals: string[]
  actions: { title: string; who: string; whoProfession: string; dueDate: string | null; frequency: string | null; status: string }[]
  coEvaluation: CoEvaluationGoalView[]
  nextMeeting: string | null
  reviewDate: string | null
  attended: string[]
}

export interface EasyMinutesDeps {
  situations: Pick<SituationRows, 'activeMembers' | 'situationById'>
  versions: Pick<VersionRows, 'parts'>
  meetings: Pick<MeetingRows, 'byId'>
  coEvaluations: CoEvaluationRows
  users: Pick<UserRows, 'names'>
}

export async function easyMinutes(deps: EasyMinutesDeps, situationId: string, meetingId: string, model: MinutesModel): Promise<EasyMinutes> {
  const meeting = (await deps.meetings.byId(situationId, meetingId))!
  const situation = (await deps.situations.situationById(situationId))!
  const members = await deps.situations.activeMembers(situationId)
  const history = await deps.coEvaluations.history(situationId)
  const names = await deps.users.names(history.map((row) => row.userId))
  const plan = docFromState((await deps.versions.parts(meeting.endVersionId!)).plan!)
  try {
    const goals = readGoals(plan).filter((g) => !g.deletedAt)
    const actions = readActions(plan)
      .filter((a) => !a.deletedAt && a.status !== 'dropped' && a.status !== 'done')
      .map((a) => {
        const member = members.find((m) => m.id === a.owner)
        return { title: a.title, who: member?.name ?? a.owner ?? '', whoProfession: member?.profession ?? '', dueDate: a.dueDate, frequency: a.frequency, status: a.status }
      })
    return {
      meetingId,
      kind: meeting.kind,
      date: meeting.startsAt,
      personName: situation.personName,
      decisions: model.decisions.map((d) => ({ text: d.text, who: d.by })),
      newGoals: model.changes.filter((c) => c.kind === 'goal' && c.change === 'added').map((c) => c.title),
      actions,
      coEvaluation: coEvaluationView(goals.map((g) => ({ id: g.id, title: g.title })), history, {
        until: meeting.endedAt ?? undefined,
        withPerson: true,
        userName: (id) => names.get(id) ?? '',
      }).filter((g) => g.circle || g.person),
      nextMeeting: model.nextMeeting,
      reviewDate: model.reviewDate,
      attended: model.attendance.filter((a) => a.mode !== 'absent').map((a) => a.name),
    }
  } finally {
    plan.destroy()
  }
}
