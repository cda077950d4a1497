import type { SqlDb } from './sql/schema.ts'

import type { ProgressStatus } from '../../shared/domain/follow-up.ts'
export type { ProgressStatus }

export interface ProgressRequestRow {
  id: string
  situationId: string
  actionId: string
  ownerMemberId: string
  requestedBy: string
  requestedAt: string
  message: string
  answeredAt: string | null
}

export interface ProgressAnswerRow {
  id: string
  situationId: string
  actionId: string
  requestId: string | null
  status: ProgressStatus
  note: string
  userId: string
  memberId: string
  at: string
}

const REQUEST_COLUMNS = [
  'id',
  'situation_id as situationId',
  'action_id as actionId',
  'owner_member_id as ownerMemberId',
  'requested_by as requestedBy',
  'requested_at as requestedAt',
  'message',
  'answered_at as answeredAt',
] as const
const ANSWER_COLUMNS = ['id', 'situation_id as situationId', 'action_id as actionId', 'request_id as requestId', 'status', 'note', 'user_id as userId', 'member_id as memberId', 'at'] as const

/** Progress requests ("point d'étape") to action owners and their answers: append-only records. */
export function createProgressRows(sql: SqlDb) {
  const requests = () => sql.selectFrom('progress_requests').select(REQUEST_COLUMNS)
  return {
    async insertRequest(row: Omit<ProgressRequestRow, 'answeredAt'>): Promise<void> {
      await sql
        .insertInto('progress_requests')
        .values({
          id: row.id,
          situation_id: row.situationId,
          action_id: row.actionId,
          owner_member_id: row.ownerMemberId,
          requested_by: row.requestedBy,
          requested_at: row.requestedAt,
          message: row.message,
        })
        .execute()
    },
    /** The unanswered request to this member about this action, if any (asking again does not duplicate it). */
    openRequest: (situationId: string, actionId: string, memberId: string): Promise<ProgressRequestRow | undefined> =>
      requests().where('situation_id', '=', situationId).where('action_id', '=', actionId).where('owner_member_id', '=', memberId).where('answered_at', 'is', null).executeTakeFirst(),
    requestById: (situationId: string, id: string): Promise<ProgressRequestRow | undefined> =>
      requests().where('situation_id', '=', situationId).where('id', '=', id).executeTakeFirst(),
    openForMember: (situationId: string, memberId: string): Promise<ProgressRequestRow[]> =>
      requests().where('situation_id', '=', situationId).where('owner_member_id', '=', memberId).where('answered_at', 'is', null).orderBy('requested_at').orderBy('id').execute(),
    requests: (situationId: string): Promise<ProgressRequestRow[]> => requests().where('situation_id', '=', situationId).orderBy('requested_at').orderBy('id').execute(),
    /** Records an answer and closes every open request about that action, in one transaction. */
    async answer(row: ProgressAnswerRow): Promise<void> {
      await sql.transaction().execute(async (trx) => {
        await trx
          .insertInto('progress_answers')
          .values({
            id: row.id,
            situation_id: row.situationId,
            action_id: row.actionId,
            request_id: row.requestId,
            status: row.status,
            note: row.note,
            user_id: row.userId,
            member_id: row.memberId,
            at: row.at,
          })
          .execute()
        await trx
          .updateTable('progress_requests')
          .set({ answered_at: row.at })
          .where('situation_id', '=', row.situationId)
          .where('action_id', '=', row.actionId)
          .where('answered_at', 'is', null)
          .execute()
      })
    },
    /** Oldest first; two answers in the same millisecond by id (PostgreSQL has no rowid: the order both engines share). */
    async answers(situationId: string): Promise<ProgressAnswerRow[]> {
      const rows = await sql.selectFrom('progress_answers').select(ANSWER_COLUMNS).where('situation_id', '=', situationId).orderBy('at').orderBy('id').execute()
      return rows.map((row) => ({ ...row, status: row.status as ProgressStatus }))
    },
  }
}
export type ProgressRows = ReturnType<typeof createProgressRows>
