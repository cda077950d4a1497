import type { Db } from './db.ts'
import type { PersonIdentity, RequestStatus } from '../../shared/domain/intake.ts'
import type { IntakeRequestRecord } from '../../shared/api/intake.ts'
import type { ResponseLevel } from '../../shared/domain/situation-fields.ts'

/** A request as stored (its wire type lives in shared/api/intake.ts, the one declaration client and server read). */
export type RequestRow = IntakeRequestRecord

const COLUMNS =
  'id, created_at AS createdAt, created_by AS createdBy, status, service_id AS serviceId, ' +
  '(SELECT name FROM services WHERE services.id = requests.service_id) AS serviceName, requester_kind AS requesterKind, requester_name AS requesterName, ' +
  'requester_organisation AS requesterOrganisation, requester_contact AS requesterContact, requester_user_id AS requesterUserId, person, reason, ' +
  'difficulties, urgency, person_informed AS personInformed, person_agrees AS personAgrees, consent_how AS consentHow, level, territory, ' +
  'decided_at AS decidedAt, decided_by AS decidedBy, decision_note AS decisionNote, redirected_to AS redirectedTo, situation_id AS situationId'

const toRow = (raw: Record<string, unknown> | undefined): RequestRow | undefined =>
  raw && ({ ...raw, person: JSON.parse(raw.person as string) as PersonIdentity, personInformed: raw.personInformed === 1 } as RequestRow)

/** Requests for support (demandes d'appui): one row each, decided once. */
export function createRequestRows(db: Db) {
  const insert = db.prepare(
    `INSERT INTO requests (id, created_at, created_by, status, service_id, requester_kind, requester_name, requester_organisation, requester_contact,
       requester_user_id, person, reason, difficulties, urgency, person_informed, person_agrees, consent_how, level, territory)
     VALUES (@id, @createdAt, @createdBy, 'waiting', @serviceId, @requesterKind, @requesterName, @requesterOrganisation, @requesterContact,
       @requesterUserId, @person, @reason, @difficulties, @urgency, @personInformed, @personAgrees, @consentHow, @level, @territory)`,
  )
  const byId = db.prepare(`SELECT ${COLUMNS} FROM requests WHERE id = ?`)
  // What one user may list: the requests of the services they work at the front door of, and those they recorded themselves.
  const visibleTo = db.prepare(
    `SELECT ${COLUMNS} FROM requests
      WHERE created_by = @userId
         OR service_id IN (SELECT service_id FROM service_members WHERE user_id = @userId AND removed_at IS NULL)
      ORDER BY created_at DESC, id LIMIT @limit`,
  )
  // Passed on to another service of Concerto: still waiting, now in that service's list. The WHERE makes a decision in between win.
  const move = db.prepare(
    `UPDATE requests SET service_id = @toServiceId, decision_note = @note
      WHERE id = @id AND status = 'waiting' AND service_id = @fromServiceId`,
  )
  // Decided once: the WHERE makes two coordinators deciding at the same moment safe (the second changes nothing).
  const decide = db.prepare(
    `UPDATE requests SET status = @status, decided_at = @decidedAt, decided_by = @decidedBy, decision_note = @decisionNote,
       redirected_to = @redirectedTo, situation_id = @situationId, level = COALESCE(@level, level)
     WHERE id = @id AND status = 'waiting'`,
  )
  const removeOfSituation = db.prepare('DELETE FROM requests WHERE situation_id = ?')
  return {
    insert: (row: Omit<RequestRow, 'status' | 'serviceName' | 'decidedAt' | 'decidedBy' | 'decisionNote' | 'redirectedTo' | 'situationId'>) =>
      void insert.run({ ...row, person: JSON.stringify(row.person), personInformed: row.personInformed ? 1 : 0 }),
    byId: (id: string) => toRow(byId.get(id) as Record<string, unknown> | undefined),
    /** Newest first: the requests of the user's services and the ones they recorded. */
    visibleTo: (userId: string, limit = 500) => (visibleTo.all({ userId, limit }) as Record<string, unknown>[]).map((raw) => toRow(raw)!),
    /** False when the request was decided or moved in between. */
    move: (change: { id: string; fromServiceId: string; toServiceId: string; note: string }): boolean => move.run(change).changes === 1,
    /** False when the request was already decided (or does not exist). */
    decide: (decision: {
      id: string
      status: Exclude<RequestStatus, 'waiting'>
      decidedAt: string
      decidedBy: string
      decisionNote: string
      redirectedTo: string
      situationId: string | null
      level: ResponseLevel | null
    }): boolean => decide.run(decision).changes === 1,
    /** The request a situation came from is erased with it. */
    removeOfSituation: (situationId: string): number => removeOfSituation.run(situationId).changes,
  }
}
export type RequestRows = ReturnType<typeof createRequestRows>
