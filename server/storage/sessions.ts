import type { Db } from './db.ts'

export interface SessionRow {
  id: string
  secretHash: Uint8Array
  userId: string
  createdAt: number
  lastVerifiedAt: number
  /** Opened on a device the user said is shared: ends with the browser and after a short idle time. */
  sharedDevice: boolean
  address: string | null
  userAgent: string | null
}

type Stored = Omit<SessionRow, 'sharedDevice'> & { sharedDevice: number }
const COLUMNS =
  'id, secret_hash AS secretHash, user_id AS userId, created_at AS createdAt, last_verified_at AS lastVerifiedAt, shared_device AS sharedDevice, address, user_agent AS userAgent'
const fromStored = (row: Stored | undefined): SessionRow | undefined => (row ? { ...row, sharedDevice: row.sharedDevice === 1 } : undefined)

/** Row access for sessions; only a hash of each secret is stored. */
export function createSessionRows(db: Db) {
  const insert = db.prepare(
    'INSERT INTO sessions (id, secret_hash, user_id, created_at, last_verified_at, shared_device, address, user_agent) VALUES (@id, @secretHash, @userId, @createdAt, @lastVerifiedAt, @sharedDevice, @address, @userAgent)',
  )
  const byId = db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE id = ?`)
  const forUser = db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE user_id = ? ORDER BY last_verified_at DESC`)
  const touch = db.prepare('UPDATE sessions SET last_verified_at = ? WHERE id = ?')
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?')
  const removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?')
  const removeOthers = db.prepare('DELETE FROM sessions WHERE user_id = ? AND id <> ?')
  return {
    insert: (row: Omit<SessionRow, 'sharedDevice' | 'address' | 'userAgent'> & Partial<Pick<SessionRow, 'sharedDevice' | 'address' | 'userAgent'>>) =>
      void insert.run({
        ...row,
        secretHash: Buffer.from(row.secretHash),
        sharedDevice: row.sharedDevice ? 1 : 0,
        address: row.address ?? null,
        userAgent: row.userAgent ?? null,
      }),
    byId: (id: string) => fromStored(byId.get(id) as Stored | undefined),
    forUser: (userId: string) => (forUser.all(userId) as Stored[]).map((row) => fromStored(row)!),
    touch: (id: string, at: number) => void touch.run(at, id),
    remove: (id: string) => void remove.run(id),
    removeForUser: (userId: string) => void removeForUser.run(userId),
    removeOthersOfUser: (userId: string, keepId: string) => void removeOthers.run(userId, keepId),
  }
}
export type SessionRows = ReturnType<typeof createSessionRows>
