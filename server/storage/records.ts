import type { Db } from './db.ts'
import type { Commitment } from '../../shared/schema/plan.ts'
import { defaultTimelinePart, type TimelinePart } from '../../shared/domain/timeline.ts'
import type { CommitmentStatement } from '../../shared/api/meetings.ts'

export interface AgreementRow {
  id: string
  situationId: string
  versionId: string
  status: 'agreed' | 'notAgreed' | 'pending'
  comment: string
  userId: string
  memberId: string
  at: string
}

/** A commitment statement as stored: the wire's statement (shared/api/meetings.ts) and its situation. */
export type CommitmentRow = CommitmentStatement & { situationId: string }

export interface TimelineRow {
  id: string
  situationId: string
  date: string
  kind: string
  title: string
  detail: string
  createdBy: string
  createdAt: string
  /** Who reads it: `health` for clinical events. Omitted on insert: from the kind (hospitalisations are clinical). */
  part?: TimelinePart
}

/** Agreements, commitments and timeline events: append-only records, the latest in force. */
export function createRecordRows(db: Db) {
  const insertAgreement = db.prepare(
    'INSERT INTO agreements (id, situation_id, version_id, status, comment, user_id, member_id, at) VALUES (@id, @situationId, @versionId, @status, @comment, @userId, @memberId, @at)',
  )
  const agreementsOfSituation = db.prepare(
    'SELECT id, situation_id AS situationId, version_id AS versionId, status, comment, user_id AS userId, member_id AS memberId, at FROM agreements WHERE situation_id = ? ORDER BY at, rowid',
  )
  const insertCommitment = db.prepare(
    'INSERT INTO commitments (id, situation_id, action_id, status, comment, user_id, member_id, at) VALUES (@id, @situationId, @actionId, @status, @comment, @userId, @memberId, @at)',
  )
  const commitmentsOfSituation = db.prepare(
    'SELECT id, situation_id AS situationId, action_id AS actionId, status, comment, user_id AS userId, member_id AS memberId, at FROM commitments WHERE situation_id = ? ORDER BY at, rowid',
  )
  const insertEvent = db.prepare(
    'INSERT INTO timeline_events (id, situation_id, date, kind, title, detail, created_by, created_at, part) VALUES (@id, @situationId, @date, @kind, @title, @detail, @createdBy, @createdAt, @part)',
  )
  const eventsOfSituation = db.prepare(
    'SELECT id, situation_id AS situationId, date, kind, title, detail, created_by AS createdBy, created_at AS createdAt, part FROM timeline_events WHERE situation_id = ?',
  )
  /** The latest row per key, from rows sorted oldest first. */
  const latestBy = <T>(rows: T[], key: (row: T) => string) => {
    const map = new Map<string, T>()
    for (const row of rows) map.set(key(row), row)
    return map
  }
  return {
    insertAgreement: (row: AgreementRow) => void insertAgreement.run(row),
    /** Latest agreement per version. */
    agreements: (situationId: string) => latestBy(agreementsOfSituation.all(situationId) as AgreementRow[], (row) => row.versionId),
    insertCommitment: (row: CommitmentRow) => void insertCommitment.run(row),
    /** Latest commitment per action. */
    commitments: (situationId: string) => latestBy(commitmentsOfSituation.all(situationId) as CommitmentRow[], (row) => row.actionId),
    commitmentHistory: (situationId: string) => commitmentsOfSituation.all(situationId) as CommitmentRow[],
    insertEvent: (row: TimelineRow) => void insertEvent.run({ ...row, part: row.part ?? defaultTimelinePart(row.kind) }),
    events: (situationId: string) => eventsOfSituation.all(situationId) as (TimelineRow & { part: TimelinePart })[],
  }
}
export type RecordRows = ReturnType<typeof createRecordRows>
