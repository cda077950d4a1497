import type { Db } from '../storage/db.ts'
import type { Logger } from '../log.ts'
import type { Mailer } from '../mail/index.ts'
import type { AccessService } from '../auth/access.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { OutboxRows } from '../storage/outbox.ts'
import type { PlanActionRows } from '../storage/plan-actions.ts'
import type { RecordRows } from '../storage/records.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { UserRows } from '../storage/users.ts'
import type { VersionRow } from '../storage/versions.ts'
import type { LiveDocuments } from '../domain/live-documents.ts'
import type { MeetingRows } from '../storage/meetings.ts'
import { followUpAt, type FollowUpMinutesInput } from '../domain/follow-up-minutes.ts'
import { createJobRows } from '../storage/jobs.ts'
import { createProgressRows } from '../storage/progress.ts'
import { createCoEvaluationRows } from '../storage/co-evaluations.ts'
import { createUserPreferenceRows } from '../storage/user-preferences.ts'
import { createReminderMailRows } from '../storage/reminder-mails.ts'
import { createFollowUpReads } from '../storage/follow-up-reads.ts'
import { checkReviewDate, closeSituationWithReason, onHandover, onLifeEvent, onVersionValidated, type FollowUpMemberHooks } from '../domain/stage.ts'
import { todayInParis } from '../../shared/domain/dates.ts'
import type { Actor } from '../domain/memberships.ts'
import { createFollowUpJobs } from './follow-up-jobs.ts'

export interface FollowUpDeps {
  db: Db
  situations: SituationRows
  records: RecordRows
  audit: AuditRows
  access: AccessService
  planActions: PlanActionRows
  users: UserRows
  rooms: LiveDocuments
  meetings: MeetingRows
  mailer: Mailer
  outbox: OutboxRows
  log: Logger
  linkOrigin: string
}

/**
 * The follow-up feature put together (issue 18): its tables, the hooks the
 * versions, life line and circle routes call, and the reminder jobs that
 * main.ts starts. app.ts builds it once and mounts its routes.
 */
export function createFollowUp(deps: FollowUpDeps) {
  const rows = {
    jobs: createJobRows(deps.db),
    progress: createProgressRows(deps.db),
    coEvaluations: createCoEvaluationRows(deps.db),
    preferences: createUserPreferenceRows(deps.db),
    reminderMails: createReminderMailRows(deps.db),
    reads: createFollowUpReads(deps.db),
  }
  const stageDeps = { situations: deps.situations, records: deps.records, audit: deps.audit, reads: rows.reads }
  const minutesDeps = { coEvaluations: rows.coEvaluations, progress: rows.progress, meetings: deps.meetings, situations: deps.situations, users: deps.users }
  const memberHooks: Required<FollowUpMemberHooks> = {
    onHandover: (situationId: string, actor: Actor) => void onHandover(stageDeps, situationId, actor),
    closeWithReason: (situationId: string, reason: string | null, actor: Actor) =>
      closeSituationWithReason({ ...stageDeps, rooms: deps.rooms, access: deps.access }, situationId, reason, actor),
  }
  return {
    ...rows,
    stageDeps,
    /** For versionRoutes and meetingRoutes: saveVersion moves the stage; minutes and version PDFs add the follow-up sections. */
    versionHooks: {
      onVersionSaved: (row: VersionRow) => onVersionValidated(stageDeps, row),
      // A meeting's end validates today: a PAG's review date may be one year away at most.
      checkReviewDate: (situationId: string, reviewDate: string) => {
        const situation = deps.situations.situationById(situationId)
        if (situation) checkReviewDate(situation, reviewDate, todayInParis())
      },
      followUpMinutes: (input: FollowUpMinutesInput) => followUpAt(minutesDeps, input),
      followUpAt: (input: FollowUpMinutesInput) => followUpAt(minutesDeps, input),
    },
    /** For recordRoutes (a life-line entry may put the plan to review). */
    recordHooks: { onTimelineEvent: (event: { situationId: string; kind: string }, actor: Actor) => void onLifeEvent(stageDeps, event, actor) },
    memberHooks,
    jobs: createFollowUpJobs({ ...deps, ...rows, ...stageDeps }),
  }
}
export type FollowUp = ReturnType<typeof createFollowUp>
