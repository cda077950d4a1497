import type { Db } from './db.ts'

export interface InvitationRow {
  id: string
  tokenHash: Uint8Array
  purpose: 'join' | 'reset'
  situationId: string
  role: string
  name: string
  email: string | null
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
}

const COLUMNS =
  'id, token_hash AS tokenHash, purpose, situation_id AS situationId, role, name, email, sector, organisation, mission, member_id AS memberId, user_id AS userId, created_by AS createdBy, created_at AS createdAt, expires_at AS expiresAt, used_at AS usedAt, used_by AS usedBy'

/** Invitations: only the hash of each token is stored. */
export function createInvitationRows(db: Db) {
  const insert = db.prepare(
    `INSERT INTO invitations (id, token_hash, purpose, situation_id, role, name, email, sector, organisation, mission, member_id, user_id, created_by, created_at, expires_at)
     VALUES (@id, @tokenHash, @purpose, @situationId, @role, @name, @email, @sector, @organisation, @mission, @memberId, @userId, @createdBy, @createdAt, @expiresAt)`,
  )
  const byId = db.prepare(`SELECT ${COLUMNS} FROM invitations WHERE id = ?`)
  // Marks used only if still unused: two concurrent accepts cannot both succeed.
  const markUsed = db.prepare('UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL')
  return {
    insert: (row: Omit<InvitationRow, 'usedAt' | 'usedBy'>) => void insert.run({ ...row, tokenHash: Buffer.from(row.tokenHash) }),
    byId: (id: string) => byId.get(id) as InvitationRow | undefined,
    markUsed: (id: string, userId: string, at: string): boolean => markUsed.run(at, userId, id).changes === 1,
  }
}
export type InvitationRows = ReturnType<typeof createInvitationRows>
