import type { Generated } from 'kysely'

/** Follow-up and the territory: jobs, progress, co-evaluations, reminder mails, territory projections, server state. */
export interface FollowUpTables {
  jobs: JobsTable
  progress_answers: ProgressAnswersTable
  progress_requests: ProgressRequestsTable
  co_evaluations: CoEvaluationsTable
  reminder_mails: ReminderMailsTable
  unmet_needs: UnmetNeedsTable
  assessment_needs: AssessmentNeedsTable
  server_state: ServerStateTable
}

export interface JobsTable {
  id: string
  kind: string
  key: string
  payload: Generated<string>
  due_at: string
  state: Generated<string>
  attempts: Generated<number>
  locked_until: string | null
  done_at: string | null
  last_error: string | null
  created_at: string
}

export interface ProgressAnswersTable {
  id: string
  situation_id: string
  action_id: string
  request_id: string | null
  status: string
  note: Generated<string>
  user_id: string
  member_id: string
  at: string
}

export interface ProgressRequestsTable {
  id: string
  situation_id: string
  action_id: string
  owner_member_id: string
  requested_by: string
  requested_at: string
  message: Generated<string>
  answered_at: string | null
}

export interface CoEvaluationsTable {
  id: string
  situation_id: string
  goal_id: string
  side: string
  rating: string
  comment: Generated<string>
  user_id: string
  member_id: string
  at: string
}

export interface ReminderMailsTable {
  id: string
  job_key: string
  user_id: string
  to_address: string
  subject: string
  text: string
  html: string
  link: string
  created_at: string
  sending_at: string | null
  sent_at: string | null
  delivered: string | null
}

export interface UnmetNeedsTable {
  situation_id: string
  row_id: string
  need_code: string
  missing_answer: string | null
  missing_since: string
  projected_at: string
}

export interface AssessmentNeedsTable {
  situation_id: string
  domain: string
  need_code: string
  projected_at: string
}

export interface ServerStateTable {
  key: string
  value: string
}
