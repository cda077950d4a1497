import type { Db } from './db.ts'

export interface UserRow {
  id: string
  email: string | null
  login: string | null
  name: string
  passwordHash: string | null
  createdAt: string
  deactivatedAt: string | null
  /** When the owner proved the e-mail address (a link sent to it); null: never proven. */
  emailVerifiedAt: string | null
}

const COLUMNS =
  'id, email, login, name, password_hash AS passwordHash, created_at AS createdAt, deactivated_at AS deactivatedAt, email_verified_at AS emailVerifiedAt'

/** Row access for accounts. */
export function createUserRows(db: Db) {
  const byId = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`)
  const byIdentifier = db.prepare(`SELECT ${COLUMNS} FROM users WHERE email = ? OR login = ?`)
  const insert = db.prepare(
    'INSERT INTO users (id, email, login, name, password_hash, created_at, email_verified_at) VALUES (@id, @email, @login, @name, @passwordHash, @createdAt, @emailVerifiedAt)',
  )
  const count = db.prepare('SELECT count(*) FROM users').pluck()
  const countByEmails = db.prepare("SELECT count(*) FROM users WHERE email LIKE '%@demo.test'").pluck()
  const setPassword = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?')
  const setName = db.prepare('UPDATE users SET name = ? WHERE id = ?')
  const setEmail = db.prepare('UPDATE users SET email = ?, email_verified_at = ? WHERE id = ?')
  const markEmailVerified = db.prepare('UPDATE users SET email_verified_at = ? WHERE id = ? AND email IS NOT NULL AND email = ? COLLATE NOCASE')
  const deactivate = db.prepare('UPDATE users SET deactivated_at = ? WHERE id = ? AND deactivated_at IS NULL')
  return {
    setPassword: (id: string, passwordHash: string) => void setPassword.run(passwordHash, id),
    setName: (id: string, name: string) => void setName.run(name, id),
    /** A new address starts unproven unless `verifiedAt` says it was just proven. */
    setEmail: (id: string, email: string | null, verifiedAt: string | null = null) => void setEmail.run(email, verifiedAt, id),
    /** Marks the address proven, only if it is still the account's address. */
    markEmailVerified: (id: string, email: string, at: string): boolean => markEmailVerified.run(at, id, email).changes === 1,
    deactivate: (id: string, at: string): boolean => deactivate.run(at, id).changes === 1,
    byId: (id: string) => byId.get(id) as UserRow | undefined,
    /** E-mail or login name, case-insensitive. */
    byIdentifier: (identifier: string) => byIdentifier.get(identifier, identifier) as UserRow | undefined,
    insert: (row: Omit<UserRow, 'deactivatedAt' | 'emailVerifiedAt'> & { emailVerifiedAt?: string | null }) =>
      void insert.run({ ...row, emailVerifiedAt: row.emailVerifiedAt ?? null }),
    count: () => count.get() as number,
    /** Accounts of the demo's fictional domain, to warn a public server that still holds them. */
    countDemoAccounts: () => countByEmails.get() as number,
  }
}
export type UserRows = ReturnType<typeof createUserRows>
