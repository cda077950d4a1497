import type { Db } from './db.ts'

export interface UserRow {
  id: string
  email: string | null
  login: string | null
  name: string
  passwordHash: string | null
  createdAt: string
  deactivatedAt: string | null
}

const COLUMNS = 'id, email, login, name, password_hash AS passwordHash, created_at AS createdAt, deactivated_at AS deactivatedAt'

/** Row access for accounts. */
export function createUserRows(db: Db) {
  const byId = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`)
  const byIdentifier = db.prepare(`SELECT ${COLUMNS} FROM users WHERE email = ? OR login = ?`)
  const insert = db.prepare(
    'INSERT INTO users (id, email, login, name, password_hash, created_at) VALUES (@id, @email, @login, @name, @passwordHash, @createdAt)',
  )
  const count = db.prepare('SELECT count(*) FROM users').pluck()
  const setPassword = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?')
  const deactivate = db.prepare('UPDATE users SET deactivated_at = ? WHERE id = ? AND deactivated_at IS NULL')
  return {
    setPassword: (id: string, passwordHash: string) => void setPassword.run(passwordHash, id),
    deactivate: (id: string, at: string): boolean => deactivate.run(at, id).changes === 1,
    byId: (id: string) => byId.get(id) as UserRow | undefined,
    /** E-mail or login name, case-insensitive. */
    byIdentifier: (identifier: string) => byIdentifier.get(identifier, identifier) as UserRow | undefined,
    insert: (row: Omit<UserRow, 'deactivatedAt'>) => void insert.run(row),
    count: () => count.get() as number,
  }
}
export type UserRows = ReturnType<typeof createUserRows>
