import type { SqlDb } from './sql/schema.ts'
import type { PersonIdentity, RequestStatus } from '../../shared/domain/intake.ts'
import type { IntakeRequestRecord } from '../../shared/api/intake.ts'
import type { ResponseLevel } from '../../shared/domain/situation-fields.ts'

/** A request as stored (its wire type lives in shared/api/intake.ts, the one declaration client and server read). */
export type RequestRow = IntakeRequestRecord

const COLUMNS = [
  'id',
  'created_at as createdAt',
  'created_by as createdBy',
  'status',
  'service_id as serviceId',
  'requester_kind as requesterKind',
  'requester_name as requesterName',
  'requester_organisation as requesterOrganisation',
  'requester_contact as requesterContact',
  'requester_user_id as requesterUserId',
  'person',
  'reason',
  'difficulties',
  'urgency',
  'person_informed as personInformed',
  'person_agrees as personAgrees',
  'consent_how as consentHow',
  'level',
  'territory',
  'decided_at as decidedAt',
  'decided_by as decidedBy',
  'decision_note as decisionNote',
  'redirected_to as redirectedTo',
  'situation_id as situationId',
] as const

const toRow = (raw: { person: string; personInformed: number }): RequestRow =>
  ({ ...raw, person: JSON.parse(raw.person) as PersonIdentity, personInformed: raw.personInformed === 1 }) as unknown as RequestRow

/**
 * Requests for support (demandes d'appui): one row each, decided once.
 * Asynchronous on both engines (docs/decisions/018).
 * @example const rows = createRequestRows(sqliteSql(db)); await rows.byId(id)
 */
export function createRequestRows(sql: SqlDb) {
  const select = () =>
    sql
      .selectFrom('requests')
      .select(COLUMNS)
      .select((eb) => eb.selectFrom('services').select('services.name').whereRef('services.id', '=', 'requests.service_id').as('serviceName'))
  return {
    async insert(row: Omit<RequestRow, 'status' | 'serviceName' | 'decidedAt' | 'decidedBy' | 'decisionNote' | 'redirectedTo' | 'situationId'>): Promise<void> {
      await sql
        .insertInto('requests')
        .values({
          id: row.id,
          created_at: row.createdAt,
          created_by: row.createdBy,
          status: 'waiting',
          service_id: row.serviceId,
          requester_kind: row.requesterKind,
          requester_name: row.requesterName,
          requester_organisation: row.requesterOrganisation,
          requester_contact: row.requesterContact,
          requester_user_id: row.requesterUserId,
          person: JSON.stringify(row.person),
          reason: row.reason,
          difficulties: row.difficulties,
          urgency: row.urgency,
          person_informed: row.personInformed ? 1 : 0,
          person_agrees: row.personAgrees,
          consent_how: row.consentHow,
          level: row.level,
          territory: row.territory,
        })
        .execute()
    },
    async byId(id: string): Promise<RequestRow | undefined> {
      const raw = await select().where('id', '=', id).executeTakeFirst()
      return raw && toRow(raw)
    },
    /** Newest first: the requests of the user's services and the ones they recorded. */
    async visibleTo(userId: string, limit = 500): Promise<RequestRow[]> {
      // What one user may list: the requests of the services they work at the front door of, and those they recorded themselves.
      const rows = await select()
        .where((eb) =>
          eb.or([
            eb('created_by', '=', userId),
            eb(
              'service_id',
              'in',
              eb.selectFrom('service_members').select('service_members.service_id').where('service_members.user_id', '=', userId).where('service_members.removed_at', 'is', null),
            ),
          ]),
        )
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute()
      return rows.map(toRow)
    },
    /** False when the request was decided or moved in between. */
    async move(change: { id: string; fromServiceId: string; toServiceId: string; note: string }): Promise<boolean> {
      // Passed on to another service of Concerto: still waiting, now in that service's list. The WHERE makes a decision in between win.
      const result = await sql
        .updateTable('requests')
        .set({ service_id: change.toServiceId, decision_note: change.note })
        .where('id', '=', change.id)
        .where('status', '=', 'waiting')
        .where('service_id', '=', change.fromServiceId)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    /** False when the request was already decided (or does not exist). */
    async decide(decision: {
      id: string
      status: Exclude<RequestStatus, 'waiting'>
      decidedAt: string
      decidedBy: string
      decisionNote: string
      redirectedTo: string
      situationId: string | null
      level: ResponseLevel | null
    }): Promise<boolean> {
      // Decided once: the WHERE makes two coordinators deciding at the same moment safe (the second changes nothing).
      const result = await sql
        .updateTable('requests')
        .set((eb) => ({
          status: decision.status,
          decided_at: decision.decidedAt,
          decided_by: decision.decidedBy,
          decision_note: decision.decisionNote,
          redirected_to: decision.redirectedTo,
          situation_id: decision.situationId,
          level: decision.level ?? eb.ref('level'),
        }))
        .where('id', '=', decision.id)
        .where('status', '=', 'waiting')
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    /** The request a situation came from is erased with it. */
    async removeOfSituation(situationId: string): Promise<number> {
      const result = await sql.deleteFrom('requests').where('situation_id', '=', situationId).executeTakeFirst()
      return Number(result.numDeletedRows)
    },
  }
}
export type RequestRows = ReturnType<typeof createRequestRows>
