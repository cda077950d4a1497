/**
 * The storage interfaces and row shapes that routes receive through their
 * dependencies (built in server/app.ts) and hand to the use cases. Named
 * here so that server/http never imports server/storage (the layer rule of
 * docs/architecture.md): a route sees rows only as domain passes them on.
 * The jobs (server/jobs) receive their tables the same way, built in app.ts.
 */
export type { AuditEvent, AuditRows } from '../storage/audit.ts'
export type { ClientBindingRows } from '../storage/client-bindings.ts'
export type { CoEvaluationRows } from '../storage/co-evaluations.ts'
export type { Db } from '../storage/db.ts'
export type { ConsentRows } from '../storage/consent.ts'
export type { FollowUpReads } from '../storage/follow-up-reads.ts'
export type { InvitationRow, InvitationRows } from '../storage/invitations.ts'
export type { JobRow, JobRows } from '../storage/jobs.ts'
export type { MeetingRow, MeetingRows } from '../storage/meetings.ts'
export type { OidcRows } from '../storage/oidc.ts'
export type { OutboxRows } from '../storage/outbox.ts'
export type { PlanActionRows } from '../storage/plan-actions.ts'
export type { ProgressRows } from '../storage/progress.ts'
export type { RecordRows } from '../storage/records.ts'
export type { ReminderMailRows } from '../storage/reminder-mails.ts'
export type { MemberRow, SituationRow, SituationRows } from '../storage/situations.ts'
export type { IdentityRows } from '../storage/person-identity.ts'
export type { PilotRightRows } from '../storage/territory-pilots.ts'
export type { UserPreferenceRows } from '../storage/user-preferences.ts'
export type { UserRow, UserRows } from '../storage/users.ts'
export type { VersionRow, VersionRows } from '../storage/versions.ts'
export type { SqlDb } from '../storage/sql/schema.ts'
