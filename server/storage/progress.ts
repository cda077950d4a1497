import type { Db } from './db.ts'

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

const REQUEST_COLUMNS =
  'id, situation_id AS situationId, action_id AS actionId, owner_member_id AS ownerMemberId, requested_by AS requestedBy, requested_at AS requestedAt, message, answered_at AS answeredAt'
const ANSWER_COLUMNS = 'id, situation_id AS situationId, action_id AS actionId, request_id AS requestId, status, note, user_id AS userId, member_id AS memberId, at'

/** Progress requests ("point d'étape") to action owners and their answers: append-only records. */
export function createProgressRows(db: Db) {
  const insertRequest = db.prepare(
    `INSERT INTO progress_requests (id, situation_id, action_id, owner_member_id, requested_by, requested_at, message)
     VALUES (@id, @situationId, @actionId, @ownerMemberId, @requestedBy, @requestedAt, @message)`,
  )
  const openRequest = db.prepare(`SELECT ${REQUEST_COLUMNS} FROM progress_requests WHERE situation_id = ? AND action_id = ? AND owner_member_id = ? AND answered_at IS NULL`)
  const requestById = db.prepare(`SELECT ${REQUEST_COLUMNS} FROM progress_requests WHERE situation_id = ? AND id = ?`)
  const openForMember = db.prepare(`SELECT ${REQUEST_COLUMNS} FROM progress_requests WHERE situation_id = ? AND owner_member_id = ? AND answered_at IS NULL ORDER BY requested_at`)
  const requestsOfSituation = db.prepare(`SELECT ${REQUEST_COLUMNS} FROM progress_requests WHERE situation_id = ? ORDER BY requested_at, id`)
  const answerRequests = db.prepare('UPDATE progress_requests SET answered_at = ? WHERE situation_id = ? AND action_id = ? AND answered_at IS NULL')
  const insertAnswer = db.prepare(
    `INSERT INTO progress_answers (id, situation_id, action_id, request_id, status, note, user_id, member_id, at)
     VALUES (@id, @situationId, @actionId, @requestId, @status, @note, @userId, @memberId, @at)`,
  )
  const answersOfSituation = db.prepare(`SELECT ${ANSWER_COLUMNS} FROM progress_answers WHERE situation_id = ? ORDER BY at, rowid`)
  return {
    insertRequest: (row: Omit<ProgressRequestRow, 'answeredAt'>) => void insertRequest.run(row),
    /** The unanswered request to this member about this action, if any (asking again does not duplicate it). */
    openRequest: (situationId: string, actionId: string, memberId: string) =>
      openRequest.get(situationId, actionId, memberId) as ProgressRequestRow | undefined,
    requestById: (situationId: string, id: string) => requestById.get(situationId, id) as ProgressRequestRow | undefined,
    openForMember: (situationId: string, memberId: string) => openForMember.all(situationId, memberId) as ProgressRequestRow[],
    requests: (situationId: string) => requestsOfSituation.all(situationId) as ProgressRequestRow[],
    /** Records an answer and closes every open request about that action, in one transaction. */
    answer: db.transaction((row: ProgressAnswerRow) => {
      insertAnswer.run(row)
      answerRequests.run(row.at, row.situationId, row.actionId)
    }),
    answers: (situationId: string) => answersOfSituation.all(situationId) as ProgressAnswerRow[],
  }
}
export type ProgressRows = ReturnType<typeof createProgressRows>
