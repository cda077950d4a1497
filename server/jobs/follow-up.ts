import type { Logger } from '../log.ts'
import type { Mailer } from '../mail/index.ts'
import type { AccessService } from '../auth/access.ts'
import type {
  AuditRows,
  CoEvaluationRows,
  Db,
  FollowUpReads,
  JobRows,
  MeetingRows,
  OutboxRows,
  PlanActionRows,
  ProgressRows,
  RecordRows,
  ReminderMailRows,
  SituationRows,
  UserPreferenceRows,
  UserRows,
  VersionRow,
} from '../domain/stores.ts'
import type { LiveDocuments } from '../domain/live-documents.ts'
import { followUpAt, type FollowUpMinutesInput } from '../domain/follow-up-minutes.ts'
import { checkReviewDate, closeSituationWithReason, onHandover, onLifeEvent, onVersionValidated, type FollowUpMemberHooks } from '../domain/stage.ts'
import { todayInParis } from '../../shared/domain/dates.ts'
import type { Actor } from '../domain/memberships.ts'
import { createFollowUpJobs } from './follow-up-jobs.ts'

/** The follow-up's own tables (migration 013), opened by app.ts, the only place that builds storage. */
export interface FollowUpRows {
  jobs: JobRows
  progress: ProgressRows
  coEvaluations: CoEvaluationRows
  preferences: UserPreferenceRows
  reminderMails: ReminderMailRows
  reads: FollowUpReads
}

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
  rows: FollowUpRows
}

/**
 * The follow-up feature put together (issue 18): over its tables, the hooks the
 * versions, life line and circle routes call, and the reminder jobs that
 * main.ts starts. app.ts builds it once and mounts its routes.
 */
export function createFollowUp(deps: FollowUpDeps) {
  const { rows } = deps
  const stageDeps = { situations: deps.situations, records: deps.records, audit: deps.audit, reads: rows.reads }
  const minutesDeps = { coEvaluations: rows.coEvaluations, progress: rows.progress, meetings: deps.meetings, situations: deps.situations, users: deps.users }
  const memberHooks: Required<FollowUpMemberHooks> = {
    onHandover: (situationId: string, actor: Actor) => onHandover(stageDeps, situationId, actor),
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
    recordHooks: { onTimelineEvent: (event: { situationId: string; kind: string }, actor: Actor) => onLifeEvent(stageDeps, event, actor) },
    memberHooks,
    jobs: createFollowUpJobs({ ...deps, ...rows, ...stageDeps }),
  }
}
export type FollowUp = ReturnType<typeof createFollowUp>
