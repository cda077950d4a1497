import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createApp, type ConcertoApp } from '../../server/app.ts'
import { startClusterNode, type ClusterNode } from '../../server/cluster/node.ts'
import { readConfig } from '../../server/config.ts'
import { createLogger } from '../../server/log.ts'
import { seedDemo } from '../../server/seed/demo.ts'
import { openDatabase } from '../../server/storage/db.ts'
import { createTestDatabase } from '../../server/storage/postgres/test-database.ts'
import { startTcpProxy, type TcpProxy } from './harness.ts'

/**
 * The demo seed on PostgreSQL (STORE=postgres): rooms unload at once here
 * (UNLOAD_DELAY_MS=0), so a plan the seed reads back may be unloading (the
 * case that failed with 'action not found' under load; the seed now reads it
 * through the registry, which waits for the unload); and a second node seeding on the
 * same database leaves the shared documents alone. PostgreSQL is reached
 * through a relay that adds 15 ms each way, so that an unload's final writes
 * take as long as on a loaded machine.
 */
let scratch: Awaited<ReturnType<typeof createTestDatabase>>
/** The nodes reach PostgreSQL through a slow relay: an unload's final writes take a while, as under load. */
let slow: TcpProxy
let slowUrl: string
const dirs: string[] = []
const started: { concerto: ConcertoApp; cluster: ClusterNode; close(): void }[] = []

async function startNode(nodeId: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `concerto-seed-${nodeId}-`))
  dirs.push(dataDir)
  const config = readConfig({ DATA_DIR: dataDir, PORT: '0', UNLOAD_DELAY_MS: '0', STORE: 'postgres', DATABASE_URL: slowUrl, DEMO: '0' })
  const log = createLogger({ level: 'error', write: () => {} })
  const db = openDatabase({ dataDir })
  const cluster = await startClusterNode({ cluster: { databaseUrl: slowUrl, nodeId, leaseTtlMs: 60_000, renewEveryMs: 20_000 }, log })
  const concerto = createApp({ config, db, log, cluster })
  const node = { concerto, cluster, close: () => db.close() }
  started.push(node)
  return node
}

/** Rows of the shared document log: a second seed must add none. */
const storedRows = async () => {
  const client = new pg.Client({ connectionString: scratch.url })
  await client.connect()
  try {
    return Number((await client.query<{ count: string }>('SELECT count(*) AS count FROM doc_updates')).rows[0]!.count)
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  scratch = await createTestDatabase()
  const url = new URL(scratch.url)
  slow = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) }, { delayMs: 15 })
  url.hostname = '127.0.0.1'
  url.port = String(slow.port)
  slowUrl = url.toString()
})

afterAll(async () => {
  for (const node of started.splice(0)) {
    await node.concerto.rooms.shutdown()
    await node.cluster.close()
    node.close()
  }
  await slow?.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  await scratch?.drop()
})

describe('the demo seed on PostgreSQL', () => {
  it('seeds the demo on PostgreSQL behind a slow link with rooms unloading at once: every plan projected, Yanis’s commitments recorded', async () => {
    const first = await startNode('seed-a')
    expect(await seedDemo(first.concerto)).toBe('seeded')
    // Yanis's commitments needed his plan's actions; "Mes actions" is complete for every plan.
    expect((await first.concerto.records.commitmentHistory('yanis')).length).toBeGreaterThanOrEqual(4)
    for (const [situationId, action] of [['monsieur-x', 'pill'], ['yanis', 'budget'], ['madame-b', 'etp']] as const) {
      expect(await first.concerto.planActions.forAction(situationId, `${situationId}-${action}`)).toBeTruthy()
    }
  }, 60_000)

  it('does not seed the documents again on a second node started on the seeded database', async () => {
    const before = await storedRows()
    expect(before).toBeGreaterThan(0)
    const second = await startNode('seed-b')
    expect(await seedDemo(second.concerto)).toBe('documents-already-stored')
    expect(await storedRows()).toBe(before)
    expect(await second.concerto.users.count()).toBe(0)
  }, 60_000)
})
