import type { Db } from './db.ts'

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

type Stored = Omit<InvitationRow, 'linkHanded'> & { linkHanded: number }

const COLUMNS =
  'id, token_hash AS tokenHash, purpose, situation_id AS situationId, role, name, email, login, sector, organisation, mission, member_id AS memberId, user_id AS userId, created_by AS createdBy, created_at AS createdAt, expires_at AS expiresAt, used_at AS usedAt, used_by AS usedBy, opened_at AS openedAt, revoked_at AS revokedAt, revoked_by AS revokedBy, revoked_reason AS revokedReason, link_handed AS linkHanded'

const fromStored = (row: Stored | undefined): InvitationRow | undefined => (row ? { ...row, linkHanded: row.linkHanded === 1 } : undefined)

/** Invitations and reset links: only the hash of each token is stored. */
export function createInvitationRows(db: Db) {
  const insert = db.prepare(
    `INSERT INTO invitations (id, token_hash, purpose, situation_id, role, name, email, login, sector, organisation, mission, member_id, user_id, created_by, created_at, expires_at, link_handed)
     VALUES (@id, @tokenHash, @purpose, @situationId, @role, @name, @email, @login, @sector, @organisation, @mission, @memberId, @userId, @createdBy, @createdAt, @expiresAt, @linkHanded)`,
  )
  const byId = db.prepare(`SELECT ${COLUMNS} FROM invitations WHERE id = ?`)
  const forSituation = db.prepare(`SELECT ${COLUMNS} FROM invitations WHERE situation_id = ? ORDER BY created_at DESC, rowid DESC`)
  // Marks used only if still unused and not revoked: two concurrent accepts cannot both succeed.
  const markUsed = db.prepare('UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL')
  const markOpened = db.prepare('UPDATE invitations SET opened_at = ? WHERE id = ? AND opened_at IS NULL')
  const setLinkHanded = db.prepare('UPDATE invitations SET link_handed = ? WHERE id = ?')
  const revoke = db.prepare(
    'UPDATE invitations SET revoked_at = @at, revoked_by = @by, revoked_reason = @reason WHERE id = @id AND used_at IS NULL AND revoked_at IS NULL',
  )
  const revokeResets = db.prepare(
    "UPDATE invitations SET revoked_at = @at, revoked_by = @by, revoked_reason = @reason WHERE purpose = 'reset' AND user_id = @userId AND used_at IS NULL AND revoked_at IS NULL",
  )
  return {
    insert: (row: Omit<InvitationRow, 'usedAt' | 'usedBy' | 'openedAt' | 'revokedAt' | 'revokedBy' | 'revokedReason'>) =>
      void insert.run({ ...row, tokenHash: Buffer.from(row.tokenHash), linkHanded: row.linkHanded ? 1 : 0 }),
    byId: (id: string) => fromStored(byId.get(id) as Stored | undefined),
    forSituation: (situationId: string) => (forSituation.all(situationId) as Stored[]).map((row) => fromStored(row)!),
    markUsed: (id: string, userId: string, at: string): boolean => markUsed.run(at, userId, id).changes === 1,
    markOpened: (id: string, at: string) => void markOpened.run(at, id),
    setLinkHanded: (id: string, handed: boolean) => void setLinkHanded.run(handed ? 1 : 0, id),
    revoke: (id: string, by: string, reason: string, at: string): boolean => revoke.run({ id, by, reason, at }).changes === 1,
    /** Revokes every outstanding reset link of an account; returns how many. */
    revokeResetsOfUser: (userId: string, by: string, reason: string, at: string): number => revokeResets.run({ userId, by, reason, at }).changes,
  }
}
export type InvitationRows = ReturnType<typeof createInvitationRows>
