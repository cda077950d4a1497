import type { Db } from './db.ts'
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

const SITUATION_COLUMNS =
  'id, title, kind, person_name AS personName, status, review_date AS reviewDate, created_at AS createdAt, created_by AS createdBy, ' +
  'stage, level, territory, closed_at AS closedAt, closed_reason AS closedReason, erased_at AS erasedAt'
const MEMBER_COLUMNS =
  'id, situation_id AS situationId, user_id AS userId, name, role, sector, organisation, profession, mission, contact, care_team AS careTeam, plan_hidden AS planHidden, created_at AS createdAt, removed_at AS removedAt'

const toMember = (row: Record<string, unknown> | undefined): MemberRow | undefined =>
  row && ({ ...row, careTeam: row.careTeam === 1, planHidden: row.planHidden === 1 } as MemberRow)

/** Row access for situations and their memberships. */
export function createSituationRows(db: Db) {
  const insertSituation = db.prepare(
    `INSERT INTO situations (id, title, kind, person_name, status, review_date, created_at, created_by, stage, level, territory, closed_at, closed_reason)
     VALUES (@id, @title, @kind, @personName, @status, @reviewDate, @createdAt, @createdBy, @stage, @level, @territory, @closedAt, @closedReason)`,
  )
  const situationById = db.prepare(`SELECT ${SITUATION_COLUMNS} FROM situations WHERE id = ?`)
  const insertMember = db.prepare(
    `INSERT INTO members (id, situation_id, user_id, name, role, sector, organisation, profession, mission, contact, care_team, plan_hidden, created_at)
     VALUES (@id, @situationId, @userId, @name, @role, @sector, @organisation, @profession, @mission, @contact, @careTeam, @planHidden, @createdAt)`,
  )
  const activeMembers = db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE situation_id = ? AND removed_at IS NULL ORDER BY created_at, id`)
  const memberOfUser = db.prepare(
    `SELECT ${MEMBER_COLUMNS} FROM members WHERE situation_id = ? AND user_id = ? AND removed_at IS NULL`,
  )
  const situationsOfUser = db.prepare(
    `SELECT s.id, s.title, s.kind, s.person_name AS personName, s.status, s.review_date AS reviewDate, s.created_at AS createdAt,
            s.created_by AS createdBy, s.stage, s.level, s.territory, s.closed_at AS closedAt, s.closed_reason AS closedReason, s.erased_at AS erasedAt, m.role AS role, m.id AS memberId, m.organisation AS organisation,
            (SELECT c.name FROM members c WHERE c.situation_id = s.id AND c.role = 'coordinator' AND c.removed_at IS NULL
             ORDER BY c.created_at DESC LIMIT 1) AS coordinatorName
       FROM situations s JOIN members m ON m.situation_id = s.id
      WHERE m.user_id = ? AND m.removed_at IS NULL
        -- An archived situation waits for its erasure (retention, decision 016): out of the list until
        -- erased; then its stub comes back, so the coordinator can still open the erasure's audit trail.
        AND (s.archived_at IS NULL OR s.erased_at IS NOT NULL)
      ORDER BY s.title`,
  )
  const count = db.prepare('SELECT count(*) FROM situations').pluck()
  const memberById = db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE situation_id = ? AND id = ? AND removed_at IS NULL`)
  const updateMember = db.prepare(
    `UPDATE members SET name = @name, role = @role, sector = @sector, organisation = @organisation, profession = @profession, mission = @mission,
       contact = @contact, care_team = @careTeam, plan_hidden = @planHidden WHERE id = @id AND removed_at IS NULL`,
  )
  const removeMember = db.prepare('UPDATE members SET removed_at = ? WHERE situation_id = ? AND id = ? AND removed_at IS NULL')
  const setStatus = db.prepare('UPDATE situations SET status = ? WHERE id = ?')
  const setReviewDate = db.prepare('UPDATE situations SET review_date = ? WHERE id = ?')
  const setStage = db.prepare('UPDATE situations SET stage = ? WHERE id = ?')
  const setLevel = db.prepare('UPDATE situations SET level = ? WHERE id = ?')
  const setTerritory = db.prepare('UPDATE situations SET territory = ? WHERE id = ?')
  const setPersonName = db.prepare('UPDATE situations SET person_name = ? WHERE id = ?')
  const setClosure = db.prepare('UPDATE situations SET closed_at = ?, closed_reason = ? WHERE id = ?')
  const membershipsOfUser = db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE user_id = ? AND removed_at IS NULL`)
  return {
    memberById: (situationId: string, id: string) => toMember(memberById.get(situationId, id) as Record<string, unknown> | undefined),
    updateMember: (row: MemberRow) =>
      void updateMember.run({ ...row, careTeam: row.careTeam ? 1 : 0, planHidden: row.planHidden ? 1 : 0 }),
    removeMember: (situationId: string, id: string, at: string): boolean => removeMember.run(at, situationId, id).changes === 1,
    setStatus: (id: string, status: 'open' | 'closed') => void setStatus.run(status, id),
    setReviewDate: (id: string, date: string | null) => void setReviewDate.run(date, id),
    setStage: (id: string, stage: SituationStage) => void setStage.run(stage, id),
    setLevel: (id: string, level: ResponseLevel | null) => void setLevel.run(level, id),
    setTerritory: (id: string, commune: string | null) => void setTerritory.run(commune, id),
    setPersonName: (id: string, name: string) => void setPersonName.run(name, id),
    /** Records when and why a situation was closed; `null`s clear it on reopening. */
    setClosure: (id: string, at: string | null, reason: string | null) => void setClosure.run(at, reason, id),
    membershipsOfUser: (userId: string) => (membershipsOfUser.all(userId) as Record<string, unknown>[]).map((r) => toMember(r)!),
    insertSituation: (row: SituationRow) => void insertSituation.run(row),
    situationById: (id: string) => situationById.get(id) as SituationRow | undefined,
    insertMember: (row: Omit<MemberRow, 'removedAt'>) =>
      void insertMember.run({ ...row, careTeam: row.careTeam ? 1 : 0, planHidden: row.planHidden ? 1 : 0 }),
    activeMembers: (situationId: string) => (activeMembers.all(situationId) as Record<string, unknown>[]).map((r) => toMember(r)!),
    memberOfUser: (situationId: string, userId: string) => toMember(memberOfUser.get(situationId, userId) as Record<string, unknown> | undefined),
    situationsOfUser: (userId: string) =>
      situationsOfUser.all(userId) as (SituationRow & { role: Role; coordinatorName: string | null; memberId: string; organisation: string })[],
    count: () => count.get() as number,
  }
}
export type SituationRows = ReturnType<typeof createSituationRows>
