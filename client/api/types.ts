/**
 * The server's JSON answers, as the client modules have long imported them from here. Each is
 * declared once in shared/api/ (where the server's producer annotates its answer with it); this file
 * only re-exports, so a change of shape is one edit checked on both sides.
 */
export type { Me } from '../../shared/api/me.ts'
export type { Member } from '../../shared/api/members.ts'
export type { MyAction, NextMeeting, SituationDetail, SituationFields, SituationSummary } from '../../shared/api/situations.ts'
export type { InvitationInfo } from '../../shared/api/invitations.ts'
export type {
  Agreement,
  AgreementStatus,
  Authors,
  ConsentRecord,
  ConsentState,
  TimelineEvent,
  TimelineEventKind as TimelineKind,
  VersionDetail,
  VersionSummary,
} from '../../shared/api/records.ts'
export { TIMELINE_EVENT_KINDS as TIMELINE_KINDS } from '../../shared/api/records.ts'
