import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import pg from 'pg'
// @ts-expect-error plain ESM helper shared with scripts/start.mjs
import { isClientStale } from '../scripts/client-build.mjs'

/**
 * Builds the client once before the suites when it is stale, so browser
 * tests get what `npm start` serves; tags the run's scratch PostgreSQL
 * databases (server/storage/postgres/test-database.ts) and drops any a
 * killed test left behind when the run ends.
 */
export default function setup(): () => Promise<void> {
  const run = randomBytes(4).toString('hex')
  process.env.CONCERTO_TEST_RUN = run
  buildClient()
  return () => dropLeftDatabases(run)
}

async function dropLeftDatabases(run: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' })
  try {
    await client.connect()
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`concerto_test_${run}_%`])
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
  } catch {
    // No PostgreSQL here: the run made no scratch database either.
  } finally {
    await client.end().catch(() => {})
  }
}

function buildClient(): void {
  if (process.env.SKIP_CLIENT_BUILD === '1' || !existsSync('client/index.html') || !isClientStale()) return
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would make Vite build React in development mode.
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) throw new Error('client build failed')
}
