import type { SqlDb } from './sql/schema.ts'

/** Key/value facts about the database: `restoredAt` is set by `npm run restore`. */
export function createServerState(sql: SqlDb) {
  return {
    async get(key: string): Promise<string | null> {
      const row = await sql.selectFrom('server_state').select('value').where('key', '=', key).executeTakeFirst()
      return row?.value ?? null
    },
    async set(key: string, value: string): Promise<void> {
      await sql
        .insertInto('server_state')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
        .execute()
    },
    /**
     * The stored value, `value` written first when there is none. Two nodes
     * asking at once both get the one value that was written first (a key
     * made on one node and another on the next would not agree).
     */
    async initial(key: string, value: string): Promise<string> {
      await sql.insertInto('server_state').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute()
      const row = await sql.selectFrom('server_state').select('value').where('key', '=', key).executeTakeFirstOrThrow()
      return row.value
    },
  }
}
export type ServerState = ReturnType<typeof createServerState>
