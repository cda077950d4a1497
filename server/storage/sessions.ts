import type { Db } from './db.ts'

export interface SessionRow {
  id: string
  secretHash: Uint8Array
  userId: string
  createdAt: number
  lastVerifiedAt: number
}

/** Row access for sessions; only a hash of each secret is stored. */
export function createSessionRows(db: Db) {
  const insert = db.prepare(
    'INSERT INTO sessions (id, secret_hash, user_id, created_at, last_verified_at) VALUES (@id, @secretHash, @userId, @createdAt, @lastVerifiedAt)',
  )
  const byId = db.prepare(
    'SELECT id, secret_hash AS secretHash, user_id AS userId, created_at AS createdAt, last_verified_at AS lastVerifiedAt FROM sessions WHERE id = ?',
  )
  const touch = db.prepare('UPDATE sessions SET last_verified_at = ? WHERE id = ?')
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?')
  const removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?')
  return {
    insert: (row: SessionRow) => void insert.run({ ...row, secretHash: Buffer.from(row.secretHash) }),
    byId: (id: string) => byId.get(id) as SessionRow | undefined,
    touch: (id: string, at: number) => void touch.run(at, id),
    remove: (id: string) => void remove.run(id),
    removeForUser: (userId: string) => void removeForUser.run(userId),
  }
}
export type SessionRows = ReturnType<typeof createSessionRows>
