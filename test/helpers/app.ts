import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readConfig } from '../../server/config.ts'
import { silentLogger } from '../../server/log.ts'
import { openDatabase } from '../../server/storage/db.ts'
import { createApp, type ConcertoApp } from '../../server/app.ts'
import { seedDemo } from '../../server/seed/demo.ts'
import { dropTestStore, openTestSql } from './test-store.ts'

/** The Hono app over a real SQLite file (and PostgreSQL rows in the postgres project), seeded, for `app.request()` tests without a port. */
export async function createTestApp(env: Record<string, string> = {}): Promise<ConcertoApp & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'concerto-app-'))
  const config = readConfig({ DATA_DIR: dir, UNLOAD_DELAY_MS: '0', ...env })
  const db = openDatabase({ dataDir: dir })
  const store = await openTestSql(db, dir)
  const concerto = createApp({ config, db, log: silentLogger(), sql: store.sql })
  await seedDemo(concerto)
  return {
    ...concerto,
    async dispose() {
      await concerto.rooms.shutdown()
      await store.close()
      await dropTestStore(dir)
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Logs in with `app.request` and returns the Cookie header value. */
export async function loginCookie(app: ConcertoApp['app'], email: string, password = 'concerto-demo'): Promise<string> {
  const response = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`)
  return response.headers.get('set-cookie')!.split(';')[0]!
}
