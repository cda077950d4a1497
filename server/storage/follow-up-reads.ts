import type { Db } from './db.ts'

/**
 * Read-only queries across other features' tables (situations, versions,
 * agreements, commitments, invitations, intake requests) that the follow-up
 * needs: the stage sweep, "À faire" and the digest. Writes stay with each
 * table's own storage file.
 */
export function createFollowUpReads(db: Db) {
  const openSituationIds = db.prepare("SELECT id FROM situations WHERE status = 'open' ORDER BY id").pluck()
  const latestVersion = db.prepare(
    'SELECT id, created_at AS createdAt, label FROM versions WHERE situation_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
  )
  const latestAgreement = db.prepare('SELECT status FROM agreements WHERE version_id = ? ORDER BY at DESC, rowid DESC LIMIT 1').pluck()
  const latestCommitments = db.prepare(
    `SELECT c.action_id AS actionId, c.status FROM commitments c
      WHERE c.situation_id = ? AND c.rowid = (SELECT c2.rowid FROM commitments c2 WHERE c2.situation_id = c.situation_id AND c2.action_id = c.action_id ORDER BY c2.at DESC, c2.rowid DESC LIMIT 1)`,
  )
  const invitationsSentBy = db.prepare(
    `SELECT i.id, i.situation_id AS situationId, i.name, i.expires_at AS expiresAt, i.created_at AS createdAt FROM invitations i
      WHERE i.created_by = ? AND i.purpose = 'join' AND i.used_at IS NULL AND i.expires_at > ?`,
  )
  const actionsOfSituation = db.prepare(
    'SELECT action_id AS actionId, goal_id AS goalId, title, owner, due_date AS dueDate, status FROM plan_actions WHERE situation_id = ? ORDER BY due_date, action_id',
  )
  const usersWithEmail = db.prepare('SELECT id, name, email FROM users WHERE email IS NOT NULL AND email <> \'\' AND deactivated_at IS NULL ORDER BY id')
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck()
  const columnsOf = (table: string): string[] => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name)
  let revokedColumn: boolean | null = null
  return {
    openSituationIds: () => openSituationIds.all() as string[],
    latestVersion: (situationId: string) => latestVersion.get(situationId) as { id: string; createdAt: string; label: string } | undefined,
    /** The person's (or representative's) latest statement on the latest version, or null. */
    latestVersionAgreement(situationId: string): string | null {
      const version = latestVersion.get(situationId) as { id: string } | undefined
      return version ? ((latestAgreement.get(version.id) as string | undefined) ?? null) : null
    },
    latestVersionAgreed(situationId: string): boolean {
      return this.latestVersionAgreement(situationId) === 'agreed'
    },
    /** The latest commitment status per action. */
    commitments: (situationId: string) => new Map((latestCommitments.all(situationId) as { actionId: string; status: string }[]).map((r) => [r.actionId, r.status])),
    /** Join invitations a user sent that are still waiting (not used, not expired, not revoked). */
    invitationsSentBy(userId: string, now: string) {
      revokedColumn ??= columnsOf('invitations').includes('revoked_at')
      const rows = invitationsSentBy.all(userId, now) as { id: string; situationId: string; name: string; expiresAt: string; createdAt: string; revokedAt?: string | null }[]
      if (!revokedColumn) return rows
      const revoked = new Set(db.prepare('SELECT id FROM invitations WHERE created_by = ? AND revoked_at IS NOT NULL').pluck().all(userId) as string[])
      return rows.filter((row) => !revoked.has(row.id))
    },
    /** The plan's actions as projected into SQL (server/extensions/project.ts). */
    actions: (situationId: string) =>
      actionsOfSituation.all(situationId) as { actionId: string; goalId: string | null; title: string; owner: string | null; dueDate: string | null; status: string }[],
    usersWithEmail: () => usersWithEmail.all() as { id: string; name: string; email: string }[],
    /**
     * Intake requests waiting for a decision (issue 15's `requests` table),
     * oldest first, each with the user's role in the service it is addressed
     * to (null outside it: the caller decides with the policy); `null` when
     * that table does not exist yet. Only the urgency is read: the person's
     * name and the reason stay in the intake.
     */
    waitingRequests(userId: string): { id: string; urgency: string; createdAt: string; serviceRole: 'coordinator' | 'intake' | null }[] | null {
      if (!hasTable.get('requests')) return null
      const columns = columnsOf('requests')
      if (!columns.includes('status') || !columns.includes('created_at')) return null
      const urgency = columns.includes('urgency') ? 'r.urgency' : "''"
      const role =
        columns.includes('service_id') && hasTable.get('service_members')
          ? `(SELECT sm.role FROM service_members sm WHERE sm.service_id = r.service_id AND sm.user_id = ? AND sm.removed_at IS NULL LIMIT 1)`
          : 'NULL'
      const statement = db.prepare(`SELECT r.id, ${urgency} AS urgency, r.created_at AS createdAt, ${role} AS serviceRole FROM requests r WHERE r.status = 'waiting' ORDER BY r.created_at`)
      return (role === 'NULL' ? statement.all() : statement.all(userId)) as { id: string; urgency: string; createdAt: string; serviceRole: 'coordinator' | 'intake' | null }[]
    },
  }
}
export type FollowUpReads = ReturnType<typeof createFollowUpReads>
