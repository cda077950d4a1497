import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * A fresh PostgreSQL database for one test file, dropped afterwards. The
 * server is the machine's (`TEST_DATABASE_URL`, default the local trust
 * account); only the database name is random.
 * @example const scratch = await createTestDatabase(); ...; await scratch.drop()
 */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
  // The run's tag (test/global-setup.ts) lets the run's teardown drop what a crashed test left behind.
  const run = /^[a-z0-9]{1,12}$/.test(process.env.CONCERTO_TEST_RUN ?? '') ? `${process.env.CONCERTO_TEST_RUN}_` : ''
  const name = `concerto_test_${run}${randomBytes(6).toString('hex')}`
  const runAdmin = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin.toString() })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  await runAdmin(`CREATE DATABASE ${name}`)
  const url = new URL(admin)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    // FORCE: a connection a test left open (or a listener reconnecting) must not keep the database alive.
    drop: () => runAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  }
}
