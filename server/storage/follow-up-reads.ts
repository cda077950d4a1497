import type { SqlDb } from './sql/schema.ts'

/**
 * Read-only queries across other features' tables (situations, versions,
 * agreements, commitments, invitations, intake requests) that the follow-up
 * needs: the stage sweep, "À faire" and the digest. Writes stay with each
 * table's own storage file. Rows written in the same millisecond are
 * ordered by id (PostgreSQL has no rowid: the order both engines share).
 */
export function createFollowUpReads(sql: SqlDb) {
  const latestVersion = (situationId: string): Promise<{ id: string; createdAt: string; label: string } | undefined> =>
    sql
      .selectFrom('versions')
      .select(['id', 'created_at as createdAt', 'label'])
      .where('situation_id', '=', situationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
  return {
    async openSituationIds(): Promise<string[]> {
      const rows = await sql.selectFrom('situations').select('id').where('status', '=', 'open').orderBy('id').execute()
      return rows.map((row) => row.id)
    },
    latestVersion,
    /** The person's (or representative's) latest statement on the latest version, or null. */
    async latestVersionAgreement(situationId: string): Promise<string | null> {
      const version = await latestVersion(situationId)
      if (!version) return null
      const agreement = await sql
        .selectFrom('agreements')
        .select('status')
        .where('version_id', '=', version.id)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
      return agreement?.status ?? null
    },
    async latestVersionAgreed(situationId: string): Promise<boolean> {
      return (await this.latestVersionAgreement(situationId)) === 'agreed'
    },
    /** The latest commitment status per action. */
    async commitments(situationId: string): Promise<Map<string, string>> {
      const rows = await sql.selectFrom('commitments').select(['action_id as actionId', 'status']).where('situation_id', '=', situationId).orderBy('at').orderBy('id').execute()
      // Oldest first: each action keeps the last status it was given.
      return new Map(rows.map((row) => [row.actionId, row.status]))
    },
    /** Join invitations a user sent that are still waiting (not used, not expired, not revoked). */
    invitationsSentBy: (userId: string, now: string): Promise<{ id: string; situationId: string; name: string; expiresAt: string; createdAt: string }[]> =>
      sql
        .selectFrom('invitations')
        .select(['id', 'situation_id as situationId', 'name', 'expires_at as expiresAt', 'created_at as createdAt'])
        .where('created_by', '=', userId)
        .where('purpose', '=', 'join')
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .execute(),
    /** The plan's actions as projected into SQL (server/extensions/project.ts). */
    actions: (situationId: string): Promise<{ actionId: string; goalId: string | null; title: string; owner: string | null; dueDate: string | null; status: string }[]> =>
      sql
        .selectFrom('plan_actions')
        .select(['action_id as actionId', 'goal_id as goalId', 'title', 'owner', 'due_date as dueDate', 'status'])
        .where('situation_id', '=', situationId)
        .orderBy('due_date')
        .orderBy('action_id')
        .execute(),
    usersWithEmail: (): Promise<{ id: string; name: string; email: string }[]> =>
      sql
        .selectFrom('users')
        .select(['id', 'name', 'email'])
        .where('email', 'is not', null)
        .where('email', '<>', '')
        .where('deactivated_at', 'is', null)
        .orderBy('id')
        .$narrowType<{ email: string }>()
        .execute(),
    /**
     * Intake requests waiting for a decision (issue 15's `requests` table),
     * oldest first, each with the user's role in the service it is addressed
     * to (null outside it: the caller decides with the policy). Only the
     * urgency is read: the person's name and the reason stay in the intake.
     */
    waitingRequests: (userId: string): Promise<{ id: string; urgency: string; createdAt: string; serviceRole: 'coordinator' | 'intake' | null }[]> =>
      sql
        .selectFrom('requests as r')
        .select((eb) => [
          'r.id',
          'r.urgency',
          'r.created_at as createdAt',
          eb
            .selectFrom('service_members as sm')
            .select('sm.role')
            .whereRef('sm.service_id', '=', 'r.service_id')
            .where('sm.user_id', '=', userId)
            .where('sm.removed_at', 'is', null)
            .limit(1)
            .$castTo<'coordinator' | 'intake' | null>()
            .as('serviceRole'),
        ])
        .where('r.status', '=', 'waiting')
        .orderBy('r.created_at')
        .execute(),
  }
}
export type FollowUpReads = ReturnType<typeof createFollowUpReads>
