import type { SqlDb } from './sql/schema.ts'

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

const COLUMNS = [
  'id',
  'email',
  'login',
  'name',
  'password_hash as passwordHash',
  'created_at as createdAt',
  'deactivated_at as deactivatedAt',
  'email_verified_at as emailVerifiedAt',
] as const

/**
 * Row access for accounts, asynchronous on both engines (docs/decisions/018).
 *
 * E-mail and login compare case-insensitively through the columns themselves:
 * `COLLATE NOCASE` on SQLite, `CITEXT` on PostgreSQL (postgres/dialect.ts
 * translates one into the other). A plain `=` therefore means exactly what
 * the unique constraints refuse, and uses their index on both engines.
 * @example const users = createUserRows(sql); await users.byIdentifier('Ana@Example.org')
 */
export function createUserRows(sql: SqlDb) {
  const select = () => sql.selectFrom('users').select(COLUMNS)
  return {
    async setPassword(id: string, passwordHash: string): Promise<void> {
      await sql.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute()
    },
    async setName(id: string, name: string): Promise<void> {
      await sql.updateTable('users').set({ name }).where('id', '=', id).execute()
    },
    /** A new address starts unproven unless `verifiedAt` says it was just proven. */
    async setEmail(id: string, email: string | null, verifiedAt: string | null = null): Promise<void> {
      await sql.updateTable('users').set({ email, email_verified_at: verifiedAt }).where('id', '=', id).execute()
    },
    /** Marks the address proven, only if it is still the account's address (compared case-insensitively). */
    async markEmailVerified(id: string, email: string, at: string): Promise<boolean> {
      const result = await sql
        .updateTable('users')
        .set({ email_verified_at: at })
        .where('id', '=', id)
        .where('email', 'is not', null)
        .where('email', '=', email)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async deactivate(id: string, at: string): Promise<boolean> {
      const result = await sql.updateTable('users').set({ deactivated_at: at }).where('id', '=', id).where('deactivated_at', 'is', null).executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async byId(id: string): Promise<UserRow | undefined> {
      return select().where('id', '=', id).executeTakeFirst()
    },
    /**
     * Account names for a page that shows many (audit trail, minutes, exports), in one query: those
     * of `ids`, and with `situationId` those of every account that is or was a member of it (the
     * authors of what its documents record). Formerly one `byId` per name inside synchronous builders.
     */
    async names(ids: Iterable<string>, situationId?: string): Promise<Map<string, string>> {
      const wanted = [...new Set(ids)]
      if (wanted.length === 0 && situationId === undefined) return new Map()
      const rows = await sql
        .selectFrom('users')
        .select(['id', 'name'])
        .where((eb) => {
          const either = []
          if (wanted.length > 0) either.push(eb('id', 'in', wanted))
          if (situationId !== undefined) {
            either.push(eb('id', 'in', eb.selectFrom('members').select('user_id').where('situation_id', '=', situationId).where('user_id', 'is not', null).$narrowType<{ user_id: string }>()))
          }
          return eb.or(either)
        })
        .execute()
      return new Map(rows.map((row) => [row.id, row.name]))
    },
    /** E-mail or login name, case-insensitive. */
    async byIdentifier(identifier: string): Promise<UserRow | undefined> {
      return select()
        .where((eb) => eb.or([eb('email', '=', identifier), eb('login', '=', identifier)]))
        .executeTakeFirst()
    },
    async insert(row: Omit<UserRow, 'deactivatedAt' | 'emailVerifiedAt'> & { emailVerifiedAt?: string | null }): Promise<void> {
      await sql
        .insertInto('users')
        .values({
          id: row.id,
          email: row.email,
          login: row.login,
          name: row.name,
          password_hash: row.passwordHash,
          created_at: row.createdAt,
          email_verified_at: row.emailVerifiedAt ?? null,
        })
        .execute()
    },
    async count(): Promise<number> {
      const row = await sql.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
      return Number(row.n)
    },
    /** Accounts of the demo's fictional domain, to warn a public server that still holds them. */
    async countDemoAccounts(): Promise<number> {
      const row = await sql
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('email', 'like', '%@demo.test')
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
  }
}
export type UserRows = ReturnType<typeof createUserRows>
