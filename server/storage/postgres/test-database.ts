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
  const name = `concerto_test_${randomBytes(6).toString('hex')}`
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin.toString() })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  await run(`CREATE DATABASE ${name}`)
  const url = new URL(admin)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    // FORCE: a connection a test left open (or a listener reconnecting) must not keep the database alive.
    drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  }
}
