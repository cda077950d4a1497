import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import type { Server as HttpServer } from 'node:http'
import { readConfig } from './config.ts'
import { createLogger } from './log.ts'
import { openDatabase, StorageOpenError } from './storage/db.ts'
import { startCheckpointer } from './storage/checkpointer.ts'
import { openSqlDatabase } from './storage/sql/open.ts'
import { createApp } from './app.ts'
import { readJobConfig } from './jobs/config.ts'
import { retentionIntervalFromEnv, startRetentionJob } from './jobs/retention.ts'
import { liveRecheckIntervalFromEnv, startLiveRecheckJob } from './jobs/live-recheck.ts'
import { idleGcFromEnv, startIdleMemoryJob } from './jobs/idle-memory.ts'
import { seedDemo, DEMO_ACCOUNTS } from './seed/demo.ts'
import { demoAtStart, DEMO_WARNING } from './demo-gate.ts'
import { CloseCode } from '../shared/protocol/close-codes.ts'
import { keepIdleConnections } from './http/keep-alive.ts'
import { handleUpgrades } from './http/upgrade.ts'

/** Process entry: config → db → app → listen; SIGTERM closes sockets (1012), flushes and exits 0. */
async function main(): Promise<void> {
  const config = readConfig()
  const log = createLogger({ level: config.logLevel })
  let db
  try {
    db = openDatabase({ dataDir: config.dataDir, durability: config.durability })
  } catch (error) {
    if (error instanceof StorageOpenError) {
      log.error('cannot start: the database is damaged or unreadable; restore a backup (docs/operations.md)', { error: error.message })
      // Exit code 78 (EX_CONFIG): a supervisor should not restart in a loop.
      process.exit(78)
    }
    throw error
  }
  const checkpointer = startCheckpointer(db, {
    durability: config.durability,
    intervalMs: config.checkpointIntervalMs,
    onError: (reason) => log.error('WAL checkpoints are back on the main thread', { reason }),
  })
  // STORE=postgres: documents in PostgreSQL, served under situation ownership (docs/operations.md, cluster mode).
  // Loaded only then: a single node on SQLite never loads pg (idle memory, issue 17).
  const cluster = config.store === 'postgres' ? await startCluster(log) : undefined
  // The one data layer (docs/decisions/018): on PostgreSQL too with STORE=postgres, so a session made here is valid on every node.
  const sql = config.databaseUrl && config.store === 'postgres' ? await openSqlDatabase({ engine: 'postgres', connectionString: config.databaseUrl, applicationName: `concerto:${cluster?.nodeId ?? 'node'}:sql`, log }) : undefined
  const concerto = createApp({ config, db, log, cluster, sql })
  // Reminder jobs kept in SQL (issue 18): each runs once, even across a crash; JOBS=0 turns them off.
  const jobConfig = readJobConfig()
  // Erases closed situations past their retention date, daily (issue 15).
  const stopRetention = startRetentionJob({ run: () => concerto.retention.run(), log, intervalMs: retentionIntervalFromEnv() })
  // Cluster mode: announcements from other nodes are a speed-up; this re-read of rights is what a lost one falls back on.
  const stopRecheck = cluster ? startLiveRecheckJob({ run: () => concerto.recheckLive(), log, intervalMs: liveRecheckIntervalFromEnv() }) : () => {}
  const demo = demoAtStart(config, { situations: await concerto.situations.count(), users: await concerto.users.count(), demoAccounts: await concerto.users.countDemoAccounts() })
  if (demo.seed) {
    // The territory's fictional situations (issue 19) only here: test apps seed the demo without them, to stay fast.
    const seeded = await seedDemo(concerto, { territoryExtras: true })
    if (seeded === 'seeded') log.info('demo seeded', { accounts: DEMO_ACCOUNTS.map((a) => a.email) })
    // Cluster mode: another node seeded the shared database meanwhile.
    else log.info('demo not seeded: another node seeded it', { store: config.store })
  } else if ((await concerto.users.count()) === 0) {
    log.info('empty database and no demo: create the first account with npm run create-user -- --email E --name N')
  }
  if (demo.warn) {
    log.warn('demo accounts on a public server', { publicOrigin: config.publicOrigin })
    process.stderr.write(`\n${DEMO_WARNING}\n\n`)
  }
  if (jobConfig.enabled) concerto.followUp.jobs.start(jobConfig)
  // Memory back to the system once the last client has left (issue 17); IDLE_GC_MS=0 turns it off.
  const idleGcMs = idleGcFromEnv()
  const stopIdleMemory =
    idleGcMs > 0 ? startIdleMemoryJob({ busy: () => concerto.rooms.connectionCount() > 0 || concerto.rooms.loadedNames().length > 0, log, quietMs: idleGcMs }) : () => {}
  // Counted before listening: the callback below cannot wait for the data layer.
  const demoAccountsNow = demo.seed || !config.demo ? 0 : await concerto.users.countDemoAccounts()
  const server = serve({ fetch: concerto.app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
    const host = info.address.includes(':') ? `[${info.address}]` : info.address
    const url = `http://${host}:${info.port}`
    log.info('listening', { url, port: info.port })
    process.stdout.write(`\nConcerto est prêt : ${url}\n`)
    if (demo.seed || (config.demo && demoAccountsNow > 0)) {
      process.stdout.write(`Comptes de démonstration (mot de passe dans le README) :\n${DEMO_ACCOUNTS.map((a) => `  ${a.email}`).join('\n')}\n\n`)
    }
  })
  keepIdleConnections(server as HttpServer)
  handleUpgrades(server as HttpServer, { fetch: concerto.app.fetch, wss: concerto.wss, onError: (error) => log.error('upgrade failed', { error: (error as Error).message }) })

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info('shutting down', { signal })
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting')
      process.exit(1)
    }, 9_000)
    server.close()
    stopRetention()
    stopRecheck()
    stopIdleMemory()
    await concerto.rooms.shutdown(CloseCode.serviceRestart)
    await concerto.followUp.jobs.stop()
    // DOC_WRITER=worker: the last acknowledgements, then the worker's own connection closes.
    await concerto.closeDocumentWriter()
    // After the rooms' last writes and the jobs, still under the claims: releasing lets the next node take over at once.
    await cluster?.close()
    await sql?.destroy()
    await checkpointer.stop()
    db.close()
    clearTimeout(force)
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

async function startCluster(log: ReturnType<typeof createLogger>) {
  const [{ readClusterConfig }, { startClusterNode }] = await Promise.all([import('./cluster/config.ts'), import('./cluster/node.ts')])
  const config = readClusterConfig(process.env)
  const cluster = await startClusterNode({ cluster: config, log, controlChannel: config.controlChannel })
  log.info('cluster mode: documents in PostgreSQL, served under situation ownership', { nodeId: cluster.nodeId })
  return cluster
}

main().catch((error) => {
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'fatal start error', error: (error as Error).message })}\n`)
  process.exit(1)
})
