import type { SqlDb } from './sql/schema.ts'

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

export type NewSessionRow = Omit<SessionRow, 'sharedDevice' | 'address' | 'userAgent'> & Partial<Pick<SessionRow, 'sharedDevice' | 'address' | 'userAgent'>>

const COLUMNS = [
  'id',
  'secret_hash as secretHash',
  'user_id as userId',
  'created_at as createdAt',
  'last_verified_at as lastVerifiedAt',
  'shared_device as sharedDevice',
  'address',
  'user_agent as userAgent',
] as const

type Stored = Omit<SessionRow, 'sharedDevice'> & { sharedDevice: number }
const fromStored = (row: Stored): SessionRow => ({ ...row, sharedDevice: row.sharedDevice === 1 })

/**
 * Row access for sessions, asynchronous on both engines (SQLite or
 * PostgreSQL behind `sql`, docs/decisions/018); only a hash of each secret is
 * stored.
 * @example const rows = createSessionRows(sqliteSql(db)); await rows.byId(id)
 */
export function createSessionRows(sql: SqlDb) {
  const select = () => sql.selectFrom('sessions').select(COLUMNS)
  return {
    async insert(row: NewSessionRow): Promise<void> {
      await sql
        .insertInto('sessions')
        .values({
          id: row.id,
          secret_hash: Buffer.from(row.secretHash),
          user_id: row.userId,
          created_at: row.createdAt,
          last_verified_at: row.lastVerifiedAt,
          shared_device: row.sharedDevice ? 1 : 0,
          address: row.address ?? null,
          user_agent: row.userAgent ?? null,
        })
        .execute()
    },
    async byId(id: string): Promise<SessionRow | undefined> {
      const row = await select().where('id', '=', id).executeTakeFirst()
      return row ? fromStored(row) : undefined
    },
    async forUser(userId: string): Promise<SessionRow[]> {
      const rows = await select().where('user_id', '=', userId).orderBy('last_verified_at', 'desc').execute()
      return rows.map(fromStored)
    },
    async touch(id: string, at: number): Promise<void> {
      await sql.updateTable('sessions').set({ last_verified_at: at }).where('id', '=', id).execute()
    },
    async remove(id: string): Promise<void> {
      await sql.deleteFrom('sessions').where('id', '=', id).execute()
    },
    async removeForUser(userId: string): Promise<void> {
      await sql.deleteFrom('sessions').where('user_id', '=', userId).execute()
    },
    async removeOthersOfUser(userId: string, keepId: string): Promise<void> {
      await sql.deleteFrom('sessions').where('user_id', '=', userId).where('id', '<>', keepId).execute()
    },
  }
}
export type SessionRows = ReturnType<typeof createSessionRows>
