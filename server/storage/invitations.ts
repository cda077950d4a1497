import type { SqlDb } from './sql/schema.ts'

export interface InvitationRow {
  id: string
  tokenHash: Uint8Array
  purpose: 'join' | 'reset'
  situationId: string
  role: string
  name: string
  /** The address (join) the invitation was sent to: it is accepted only as that. */
  email: string | null
  /** Or the login name it names, for people without e-mail. */
  login: string | null
  sector: string | null
  organisation: string
  mission: string
  memberId: string | null
  userId: string | null
  createdBy: string
  createdAt: string
  expiresAt: string
  usedAt: string | null
  usedBy: string | null
  openedAt: string | null
  revokedAt: string | null
  revokedBy: string | null
  revokedReason: string | null
  /** True when the creator was shown the link (so accepting it proves nothing about the mailbox). */
  linkHanded: boolean
}

const COLUMNS = [
  'id',
  'token_hash as tokenHash',
  'purpose',
  'situation_id as situationId',
  'role',
  'name',
  'email',
  'login',
  'sector',
  'organisation',
  'mission',
  'member_id as memberId',
  'user_id as userId',
  'created_by as createdBy',
  'created_at as createdAt',
  'expires_at as expiresAt',
  'used_at as usedAt',
  'used_by as usedBy',
  'opened_at as openedAt',
  'revoked_at as revokedAt',
  'revoked_by as revokedBy',
  'revoked_reason as revokedReason',
  'link_handed as linkHanded',
] as const

type Stored = Omit<InvitationRow, 'linkHanded'> & { linkHanded: number }

const fromStored = (row: Stored): InvitationRow => ({ ...row, linkHanded: row.linkHanded === 1 })

/**
 * Invitations and reset links, asynchronous on both engines
 * (docs/decisions/018): only the hash of each token is stored. Inside
 * `sql.transaction().execute(async (trx) => …)`, build them on `trx`.
 * @example const invitations = createInvitationRows(sql); await invitations.markUsed(id, userId, at)
 */
export function createInvitationRows(sql: SqlDb) {
  const select = () => sql.selectFrom('invitations').select(COLUMNS)
  // Still outstanding: neither used nor revoked.
  const outstanding = () => sql.updateTable('invitations').where('used_at', 'is', null).where('revoked_at', 'is', null)
  return {
    async insert(row: Omit<InvitationRow, 'usedAt' | 'usedBy' | 'openedAt' | 'revokedAt' | 'revokedBy' | 'revokedReason'>): Promise<void> {
      await sql
        .insertInto('invitations')
        .values({
          id: row.id,
          token_hash: Buffer.from(row.tokenHash),
          purpose: row.purpose,
          situation_id: row.situationId,
          role: row.role,
          name: row.name,
          email: row.email,
          login: row.login,
          sector: row.sector,
          organisation: row.organisation,
          mission: row.mission,
          member_id: row.memberId,
          user_id: row.userId,
          created_by: row.createdBy,
          created_at: row.createdAt,
          expires_at: row.expiresAt,
          link_handed: row.linkHanded ? 1 : 0,
        })
        .execute()
    },
    async byId(id: string): Promise<InvitationRow | undefined> {
      const row = await select().where('id', '=', id).executeTakeFirst()
      return row ? fromStored(row) : undefined
    },
    /**
     * Newest first. Two created in the same millisecond come by id: SQLite's
     * rowid (insertion order) has no PostgreSQL equivalent.
     */
    async forSituation(situationId: string): Promise<InvitationRow[]> {
      const rows = await select().where('situation_id', '=', situationId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute()
      return rows.map(fromStored)
    },
    /** Marks used only if still unused and not revoked: two concurrent accepts cannot both succeed. */
    async markUsed(id: string, userId: string, at: string): Promise<boolean> {
      const result = await outstanding().set({ used_at: at, used_by: userId }).where('id', '=', id).executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async markOpened(id: string, at: string): Promise<void> {
      await sql.updateTable('invitations').set({ opened_at: at }).where('id', '=', id).where('opened_at', 'is', null).execute()
    },
    async setLinkHanded(id: string, handed: boolean): Promise<void> {
      await sql.updateTable('invitations').set({ link_handed: handed ? 1 : 0 }).where('id', '=', id).execute()
    },
    async revoke(id: string, by: string, reason: string, at: string): Promise<boolean> {
      const result = await outstanding().set({ revoked_at: at, revoked_by: by, revoked_reason: reason }).where('id', '=', id).executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    /** Revokes every outstanding reset link of an account; returns how many. */
    async revokeResetsOfUser(userId: string, by: string, reason: string, at: string): Promise<number> {
      const result = await outstanding()
        .set({ revoked_at: at, revoked_by: by, revoked_reason: reason })
        .where('purpose', '=', 'reset')
        .where('user_id', '=', userId)
        .executeTakeFirst()
      return Number(result.numUpdatedRows)
    },
  }
}
export type InvitationRows = ReturnType<typeof createInvitationRows>
