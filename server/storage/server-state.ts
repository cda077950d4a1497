import type { Db } from './db.ts'

/** Key/value facts about the database: `restoredAt` is set by `npm run restore`. */
export function createServerState(db: Db) {
  const get = db.prepare('SELECT value FROM server_state WHERE key = ?').pluck()
  const set = db.prepare('INSERT INTO server_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  return {
    get: (key: string) => (get.get(key) as string | undefined) ?? null,
    set: (key: string, value: string) => void set.run(key, value),
  }
}
export type ServerState = ReturnType<typeof createServerState>
