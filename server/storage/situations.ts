import type { Updateable } from 'kysely'
import type { SqlDb } from './sql/schema.ts'
import type { SituationsTable } from './sql/tables/rights.ts'
import type { PlanKind, Role, Sector } from '../../shared/domain/roles.ts'
import type { ResponseLevel, SituationStage } from '../../shared/domain/situation-fields.ts'

export interface SituationRow {
  id: string
  title: string
  kind: PlanKind
  personName: string
  status: 'open' | 'closed'
  reviewDate: string | null
  createdAt: string
  createdBy: string | null
  stage: SituationStage
  level: ResponseLevel | null
  /** INSEE code of the person's commune. */
  territory: string | null
  closedAt: string | null
  closedReason: string | null
  /** When the retention job erased its content (the row stays, anonymised, for the audit trail). */
  erasedAt?: string | null
}

export interface MemberRow {
  id: string
  situationId: string
  userId: string | null
  name: string
  role: Role
  sector: Sector | null
  organisation: string
  profession: string
  mission: string
  contact: string
  careTeam: boolean
  planHidden: boolean
  createdAt: string
  removedAt: string | null
}

export type SituationOfUser = SituationRow & { role: Role; coordinatorName: string | null; memberId: string; organisation: string }

const SITUATION_COLUMNS = [
  'id',
  'title',
  'kind',
  'person_name as personName',
  'status',
  'review_date as reviewDate',
  'created_at as createdAt',
  'created_by as createdBy',
  'stage',
  'level',
  'territory',
  'closed_at as closedAt',
  'closed_reason as closedReason',
  'erased_at as erasedAt',
] as const
const MEMBER_COLUMNS = [
  'id',
  'situation_id as situationId',
  'user_id as userId',
  'name',
  'role',
  'sector',
  'organisation',
  'profession',
  'mission',
  'contact',
  'care_team as careTeam',
  'plan_hidden as planHidden',
  'created_at as createdAt',
  'removed_at as removedAt',
] as const

type StoredMember = Omit<MemberRow, 'careTeam' | 'planHidden' | 'role' | 'sector'> & { careTeam: number; planHidden: number; role: string; sector: string | null }
const toMember = (row: StoredMember): MemberRow => ({ ...row, careTeam: row.careTeam === 1, planHidden: row.planHidden === 1 }) as MemberRow

/** The queries of createSituationRows, over a handle or a transaction. */
function situationRowsOver(sql: SqlDb) {
  const situations = () => sql.selectFrom('situations').select(SITUATION_COLUMNS)
  const members = () => sql.selectFrom('members').select(MEMBER_COLUMNS)
  const setSituation = async (id: string, values: Updateable<SituationsTable>): Promise<void> => {
    await sql.updateTable('situations').set(values).where('id', '=', id).execute()
  }
  return {
    async memberById(situationId: string, id: string): Promise<MemberRow | undefined> {
      const row = await members().where('situation_id', '=', situationId).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst()
      return row && toMember(row)
    },
    async updateMember(row: MemberRow): Promise<void> {
      await sql
        .updateTable('members')
        .set(memberColumns(row))
        .where('id', '=', row.id)
        .where('removed_at', 'is', null)
        .execute()
    },
    async removeMember(situationId: string, id: string, at: string): Promise<boolean> {
      const result = await sql
        .updateTable('members')
        .set({ removed_at: at })
        .where('situation_id', '=', situationId)
        .where('id', '=', id)
        .where('removed_at', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    setStatus: (id: string, status: 'open' | 'closed') => setSituation(id, { status }),
    setReviewDate: (id: string, date: string | null) => setSituation(id, { review_date: date }),
    setStage: (id: string, stage: SituationStage) => setSituation(id, { stage }),
    setLevel: (id: string, level: ResponseLevel | null) => setSituation(id, { level }),
    setTerritory: (id: string, commune: string | null) => setSituation(id, { territory: commune }),
    setPersonName: (id: string, name: string) => setSituation(id, { person_name: name }),
    /** Records when and why a situation was closed; `null`s clear it on reopening. */
    setClosure: (id: string, at: string | null, reason: string | null) => setSituation(id, { closed_at: at, closed_reason: reason }),
    async membershipsOfUser(userId: string): Promise<MemberRow[]> {
      const rows = await members().where('user_id', '=', userId).where('removed_at', 'is', null).execute()
      return rows.map(toMember)
    },
    async insertSituation(row: SituationRow): Promise<void> {
      await sql
        .insertInto('situations')
        .values({
          id: row.id,
          title: row.title,
          kind: row.kind,
          person_name: row.personName,
          status: row.status,
          review_date: row.reviewDate,
          created_at: row.createdAt,
          created_by: row.createdBy,
          stage: row.stage,
          level: row.level,
          territory: row.territory,
          closed_at: row.closedAt,
          closed_reason: row.closedReason,
        })
        .execute()
    },
    async situationById(id: string): Promise<SituationRow | undefined> {
      return (await situations().where('id', '=', id).executeTakeFirst()) as SituationRow | undefined
    },
    async insertMember(row: Omit<MemberRow, 'removedAt'>): Promise<void> {
      await sql
        .insertInto('members')
        .values({ id: row.id, situation_id: row.situationId, user_id: row.userId, ...memberColumns(row), created_at: row.createdAt })
        .execute()
    },
    async activeMembers(situationId: string): Promise<MemberRow[]> {
      const rows = await members().where('situation_id', '=', situationId).where('removed_at', 'is', null).orderBy('created_at').orderBy('id').execute()
      return rows.map(toMember)
    },
    async memberOfUser(situationId: string, userId: string): Promise<MemberRow | undefined> {
      const row = await members().where('situation_id', '=', situationId).where('user_id', '=', userId).where('removed_at', 'is', null).executeTakeFirst()
      return row && toMember(row)
    },
    async situationsOfUser(userId: string): Promise<SituationOfUser[]> {
      const rows = await sql
        .selectFrom('situations as s')
        .innerJoin('members as m', 'm.situation_id', 's.id')
        .select([
          's.id',
          's.title',
          's.kind',
          's.person_name as personName',
          's.status',
          's.review_date as reviewDate',
          's.created_at as createdAt',
          's.created_by as createdBy',
          's.stage',
          's.level',
          's.territory',
          's.closed_at as closedAt',
          's.closed_reason as closedReason',
          's.erased_at as erasedAt',
          'm.role as role',
          'm.id as memberId',
          'm.organisation as organisation',
        ])
        .select((eb) =>
          eb
            .selectFrom('members as c')
            .select('c.name')
            .whereRef('c.situation_id', '=', 's.id')
            .where('c.role', '=', 'coordinator')
            .where('c.removed_at', 'is', null)
            .orderBy('c.created_at', 'desc')
            .limit(1)
            .as('coordinatorName'),
        )
        .where('m.user_id', '=', userId)
        .where('m.removed_at', 'is', null)
        // An archived situation waits for its erasure (retention, decision 016): out of the list until
        // erased; then its stub comes back, so the coordinator can still open the erasure's audit trail.
        .where((eb) => eb.or([eb('s.archived_at', 'is', null), eb('s.erased_at', 'is not', null)]))
        .orderBy('s.title')
        .execute()
      return rows as SituationOfUser[]
    },
    /** Whether any membership of the account began or ended after `at` (a reset link made then would hand over something else). */
    async membershipChangedSince(userId: string, at: string): Promise<boolean> {
      const row = await sql
        .selectFrom('members')
        .select('id')
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('created_at', '>', at), eb('removed_at', '>', at)]))
        .limit(1)
        .executeTakeFirst()
      return row !== undefined
    },
    async count(): Promise<number> {
      const { count } = await sql
        .selectFrom('situations')
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow()
      return Number(count)
    },
  }
}
/** The rows of situations and members bound to one transaction (see SituationRows.transaction). */
export type SituationRowsInTransaction = ReturnType<typeof situationRowsOver>

/** A member's columns that an update may change, as stored (flags as 0/1). */
const memberColumns = (row: Omit<MemberRow, 'removedAt'>) => ({
  name: row.name,
  role: row.role,
  sector: row.sector,
  organisation: row.organisation,
  profession: row.profession,
  mission: row.mission,
  contact: row.contact,
  care_team: row.careTeam ? 1 : 0,
  plan_hidden: row.planHidden ? 1 : 0,
})

/**
 * Row access for situations and their memberships, asynchronous on both
 * engines (SQLite or PostgreSQL behind `sql`, docs/decisions/018).
 * @example const rows = createSituationRows(sqliteSql(db)); await rows.situationById(id)
 */
export function createSituationRows(sql: SqlDb) {
  return {
    ...situationRowsOver(sql),
    /**
     * Runs `work` in one transaction, with rows bound to it. On SQLite the
     * transaction holds the shared connection, so `work` must await only
     * these rows' queries (it then ends within one turn of the event loop).
     */
    transaction<T>(work: (rows: SituationRowsInTransaction) => Promise<T>): Promise<T> {
      return sql.transaction().execute((trx) => work(situationRowsOver(trx)))
    },
  }
}
export type SituationRows = ReturnType<typeof createSituationRows>
