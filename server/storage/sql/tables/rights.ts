import type { Generated } from 'kysely'
import type { Bytes } from '../schema.ts'

/** Situations, their members, consent and requests: what a right is decided on. The document log's tables are typed here too, but no row module touches them: the document store owns their rows and erases a situation's (DocumentStore.eraseSituation: on PostgreSQL they are the cluster's and carry the situation the fence checks). */
export interface RightsTables {
  situations: SituationsTable
  members: MembersTable
  consent_records: ConsentRecordsTable
  requests: RequestsTable
  doc_updates: DocUpdatesTable
  doc_snapshots: DocSnapshotsTable
  doc_quarantine: DocQuarantineTable
}

export interface SituationsTable {
  id: string
  title: string
  kind: string
  person_name: Generated<string>
  status: Generated<string>
  review_date: string | null
  created_at: string
  created_by: string | null
  stage: Generated<string>
  level: number | null
  territory: string | null
  closed_at: string | null
  closed_reason: string | null
  erased_at: string | null
  service_id: string | null
  archived_at: string | null
}

export interface MembersTable {
  id: string
  situation_id: string
  user_id: string | null
  name: string
  role: string
  sector: string | null
  organisation: Generated<string>
  mission: Generated<string>
  contact: Generated<string>
  care_team: Generated<number>
  plan_hidden: Generated<number>
  created_at: string
  removed_at: string | null
  profession: Generated<string>
}

export interface ConsentRecordsTable {
  id: string
  situation_id: string
  status: string
  informed: Generated<number>
  how: string
  given_by_member: string | null
  recorded_by: string
  given_at: string
  recorded_at: string
  comment: Generated<string>
  /** Per situation, in the order statements were recorded (migration 015): breaks a tie of recorded_at. */
  seq: Generated<number>
}

export interface RequestsTable {
  id: string
  created_at: string
  created_by: string
  status: Generated<string>
  service_id: string
  requester_kind: string
  requester_name: string
  requester_organisation: Generated<string>
  requester_contact: Generated<string>
  requester_user_id: string | null
  person: string
  reason: string
  difficulties: Generated<string>
  urgency: string
  person_informed: Generated<number>
  person_agrees: string
  consent_how: Generated<string>
  level: number | null
  territory: string | null
  decided_at: string | null
  decided_by: string | null
  decision_note: Generated<string>
  redirected_to: Generated<string>
  situation_id: string | null
}

export interface DocUpdatesTable {
  seq: Generated<number>
  doc: string
  bytes: Bytes
  checksum: number
  created_at: number
}

export interface DocSnapshotsTable {
  id: Generated<number>
  doc: string
  upto_seq: number
  bytes: Bytes
  checksum: number
  created_at: number
}

export interface DocQuarantineTable {
  id: Generated<number>
  doc: string
  source: string
  original_id: number
  bytes: Bytes
  reason: string
  created_at: number
}
