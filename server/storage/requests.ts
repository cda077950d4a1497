import type { Db } from './db.ts'
import type { PersonAgrees, PersonIdentity, RequesterKind, RequestStatus, Urgency } from '../../shared/domain/intake.ts'
import type { ResponseLevel } from '../../shared/domain/situation-fields.ts'

export interface RequestRow {
  id: string
  createdAt: string
  createdBy: string
  status: RequestStatus
  requesterKind: RequesterKind
  requesterName: string
  requesterOrganisation: string
  requesterContact: string
  /** The requester's account when they have one (a professional who sent it from Concerto). */
  requesterUserId: string | null
  person: PersonIdentity
  reason: string
  difficulties: string
  urgency: Urgency
  personInformed: boolean
  personAgrees: PersonAgrees
  consentHow: string
  level: ResponseLevel | null
  territory: string | null
  decidedAt: string | null
  decidedBy: string | null
  decisionNote: string
  redirectedTo: string
  situationId: string | null
}

const COLUMNS =
  'id, created_at AS createdAt, created_by AS createdBy, status, requester_kind AS requesterKind, requester_name AS requesterName, ' +
  'requester_organisation AS requesterOrganisation, requester_contact AS requesterContact, requester_user_id AS requesterUserId, person, reason, ' +
  'difficulties, urgency, person_informed AS personInformed, person_agrees AS personAgrees, consent_how AS consentHow, level, territory, ' +
  'decided_at AS decidedAt, decided_by AS decidedBy, decision_note AS decisionNote, redirected_to AS redirectedTo, situation_id AS situationId'

const toRow = (raw: Record<string, unknown> | undefined): RequestRow | undefined =>
  raw && ({ ...raw, person: JSON.parse(raw.person as string) as PersonIdentity, personInformed: raw.personInformed === 1 } as RequestRow)

/** Requests for support (demandes d'appui): one row each, decided once. */
export function createRequestRows(db: Db) {
  const insert = db.prepare(
    `INSERT INTO requests (id, created_at, created_by, status, requester_kind, requester_name, requester_organisation, requester_contact,
       requester_user_id, person, reason, difficulties, urgency, person_informed, person_agrees, consent_how, level, territory)
     VALUES (@id, @createdAt, @createdBy, 'waiting', @requesterKind, @requesterName, @requesterOrganisation, @requesterContact,
       @requesterUserId, @person, @reason, @difficulties, @urgency, @personInformed, @personAgrees, @consentHow, @level, @territory)`,
  )
  const byId = db.prepare(`SELECT ${COLUMNS} FROM requests WHERE id = ?`)
  const all = db.prepare(`SELECT ${COLUMNS} FROM requests ORDER BY created_at DESC, id LIMIT ?`)
  const ofCreator = db.prepare(`SELECT ${COLUMNS} FROM requests WHERE created_by = ? ORDER BY created_at DESC, id LIMIT ?`)
  // Decided once: the WHERE makes two coordinators deciding at the same moment safe (the second changes nothing).
  const decide = db.prepare(
    `UPDATE requests SET status = @status, decided_at = @decidedAt, decided_by = @decidedBy, decision_note = @decisionNote,
       redirected_to = @redirectedTo, situation_id = @situationId, level = COALESCE(@level, level)
     WHERE id = @id AND status = 'waiting'`,
  )
  const removeOfSituation = db.prepare('DELETE FROM requests WHERE situation_id = ?')
  return {
    insert: (row: Omit<RequestRow, 'status' | 'decidedAt' | 'decidedBy' | 'decisionNote' | 'redirectedTo' | 'situationId'>) =>
      void insert.run({ ...row, person: JSON.stringify(row.person), personInformed: row.personInformed ? 1 : 0 }),
    byId: (id: string) => toRow(byId.get(id) as Record<string, unknown> | undefined),
    list: (limit = 500) => (all.all(limit) as Record<string, unknown>[]).map((raw) => toRow(raw)!),
    ofCreator: (userId: string, limit = 500) => (ofCreator.all(userId, limit) as Record<string, unknown>[]).map((raw) => toRow(raw)!),
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
