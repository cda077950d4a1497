import type { SqlDb } from './sql/schema.ts'
import { nextSeq } from './insertion-order.ts'
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

/** The latest row per key, from rows sorted oldest first. */
const latestBy = <T>(rows: T[], key: (row: T) => string) => {
  const map = new Map<string, T>()
  for (const row of rows) map.set(key(row), row)
  return map
}

/**
 * Agreements, commitments and timeline events: append-only records, the
 * latest in force. Asynchronous on both engines (docs/decisions/018).
 * @example const rows = createRecordRows(sql); (await rows.agreements(situationId)).get(versionId)
 */
export function createRecordRows(sql: SqlDb) {
  /** Oldest first; rows of the same millisecond in the order they were written, so the last one is in force. */
  const agreementsOf = (situationId: string) =>
    sql
      .selectFrom('agreements')
      .select(['id', 'situation_id as situationId', 'version_id as versionId', 'status', 'comment', 'user_id as userId', 'member_id as memberId', 'at'])
      .where('situation_id', '=', situationId)
      .orderBy('at')
      .orderBy('seq')
      .execute() as Promise<AgreementRow[]>
  const commitmentsOf = (situationId: string) =>
    sql
      .selectFrom('commitments')
      .select(['id', 'situation_id as situationId', 'action_id as actionId', 'status', 'comment', 'user_id as userId', 'member_id as memberId', 'at'])
      .where('situation_id', '=', situationId)
      .orderBy('at')
      .orderBy('seq')
      .execute() as Promise<CommitmentRow[]>
  return {
    async insertAgreement(row: AgreementRow): Promise<void> {
      await sql
        .insertInto('agreements')
        .values({ id: row.id, situation_id: row.situationId, version_id: row.versionId, status: row.status, comment: row.comment, user_id: row.userId, member_id: row.memberId, at: row.at, seq: nextSeq('agreements', row.situationId) })
        .execute()
    },
    /** Latest agreement per version. */
    async agreements(situationId: string): Promise<Map<string, AgreementRow>> {
      return latestBy(await agreementsOf(situationId), (row) => row.versionId)
    },
    async insertCommitment(row: CommitmentRow): Promise<void> {
      await sql
        .insertInto('commitments')
        .values({ id: row.id, situation_id: row.situationId, action_id: row.actionId, status: row.status, comment: row.comment, user_id: row.userId, member_id: row.memberId, at: row.at, seq: nextSeq('commitments', row.situationId) })
        .execute()
    },
    /** Latest commitment per action. */
    async commitments(situationId: string): Promise<Map<string, CommitmentRow>> {
      return latestBy(await commitmentsOf(situationId), (row) => row.actionId)
    },
    /** Every commitment statement, oldest first. */
    async commitmentHistory(situationId: string): Promise<CommitmentRow[]> {
      return commitmentsOf(situationId)
    },
    async insertEvent(row: TimelineRow): Promise<void> {
      await sql
        .insertInto('timeline_events')
        .values({
          id: row.id,
          situation_id: row.situationId,
          date: row.date,
          kind: row.kind,
          title: row.title,
          detail: row.detail,
          created_by: row.createdBy,
          created_at: row.createdAt,
          part: row.part ?? defaultTimelinePart(row.kind),
          seq: nextSeq('timeline_events', row.situationId),
        })
        .execute()
    },
    /** By date, then in the order written (what SQLite's index on (situation_id, date) always gave). */
    async events(situationId: string): Promise<(TimelineRow & { part: TimelinePart })[]> {
      const rows = await sql
        .selectFrom('timeline_events')
        .select(['id', 'situation_id as situationId', 'date', 'kind', 'title', 'detail', 'created_by as createdBy', 'created_at as createdAt', 'part'])
        .where('situation_id', '=', situationId)
        .orderBy('date')
        .orderBy('seq')
        .execute()
      return rows as (TimelineRow & { part: TimelinePart })[]
    },
  }
}
export type RecordRows = ReturnType<typeof createRecordRows>
