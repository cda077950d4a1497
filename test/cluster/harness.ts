import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { freePort } from '../helpers/server.ts'
import { login } from '../helpers/clients.ts'
import { templateNginxConfig } from './nginx-config.ts'

/**
 * A local Concerto cluster: a scratch PostgreSQL database, N nodes
 * (`server/main.ts` processes, `STORE=postgres`) and nginx on loopback with
 * deploy/nginx.conf templated to their ports. Used by `npm run cluster`
 * (scripts/cluster.ts) and the cluster trials (test/cluster/).
 *
 * Every table lives in the one PostgreSQL database (issue 21): the demo is
 * seeded once, by a seeder node that then stops (releasing the leases it took
 * while writing the documents), and the nodes start on empty data folders;
 * the sessions opened on the seeder are valid on every node.
 */
export interface ClusterOptions {
  nodes: number
  /** nginx's port on 127.0.0.1 (default: a free one). */
  port?: number
  leaseMs?: number
  /** The PostgreSQL server; a scratch database is created on it and dropped at stop (default: TEST_DATABASE_URL, else the local trust account). */
  adminUrl?: string
  /** Put a TCP proxy between the nodes and PostgreSQL, so that a trial can cut them apart. */
  pgProxy?: boolean
  /** Accounts to open sessions for on the seeder (the cookie works on every node). */
  sessions?: readonly string[]
  /** Extra environment of every node. */
  env?: Record<string, string>
  /** Extra environment of one node (index from 0), after `env`. */
  nodeEnv?: (index: number) => Record<string, string>
  /** Each line a node or nginx writes, prefixed with its name (default: kept in memory only). */
  onOutput?: (name: string, text: string) => void
  /**
   * How `node` runs a node: the sources through the tsx loader (default), or
   * the compiled server (`['dist/server/main.js']`, what the benchmark
   * measures: production runs no TypeScript loader).
   */
  nodeArgs?: readonly string[]
}

export interface NodeProcess {
  readonly id: string
  readonly port: number
  readonly url: string
  readonly dataDir: string
  /** The running process, null while stopped. */
  child: ChildProcess | null
  /** The last output of this node (all its lives), for failure reports. */
  output(): string
  /** Starts it (again) on its data directory and port; resolves when /healthz answers. */
  start(): Promise<void>
  /** Sends the signal; resolves when the process is gone (not for SIGSTOP/SIGCONT). */
  kill(signal?: NodeJS.Signals): Promise<number | null>
  /** SIGSTOP / SIGCONT. */
  freeze(): void
  thaw(): void
}

export interface TcpProxy {
  readonly port: number
  /** Destroys every connection and refuses new ones until `restore`. */
  cut(): void
  restore(): void
  close(): Promise<void>
}

export interface Owner {
  nodeId: string
  epoch: number
  live: boolean
}

export interface LocalCluster {
  /** nginx: the only address clients use. */
  readonly url: string
  readonly wsUrl: string
  readonly databaseUrl: string
  readonly nodes: NodeProcess[]
  /** Cookie header values by e-mail, opened on the seeder. */
  readonly cookies: Record<string, string>
  readonly pgProxy: TcpProxy | null
  readonly leaseMs: number
  /** nginx's master process (its workers are its children), for the benchmark's CPU and memory figures. */
  nginxPid(): number | null
  /** The row of situation_owners (database time decides `live`). */
  owner(situationId: string): Promise<Owner | null>
  /** The node nginx tries first for this situation (the ring's choice while every node is up). */
  ringFirst(situationId: string): Promise<NodeProcess>
  node(id: string): NodeProcess
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>
  /** What the seeder, the nodes (every life, the last 200 kB each) and nginx wrote, for failure reports and the log scan. */
  logs(): string
  /** Stops nginx and the nodes (SIGTERM, then SIGKILL), drops the database, removes the directories. */
  stop(): Promise<void>
}

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

export const nginxAvailable = (): boolean => spawnSync('nginx', ['-v'], { stdio: 'ignore' }).error === undefined

const OUTPUT_KEPT = 200_000
const SOURCE_ENTRY = ['--import', 'tsx', 'server/main.ts'] as const

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

async function waitHealthy(url: string, child: ChildProcess, name: string, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited early (${child.exitCode ?? child.signalCode}):\n${output().slice(-4_000)}`)
    try {
      const response = await fetch(`${url}/healthz`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not answer /healthz in ${timeoutMs} ms:\n${output().slice(-4_000)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)))

/** A Concerto node as its own `node` process (never through npm or the tsx CLI, whose wrapper would survive a SIGKILL). */
function nodeProcess(id: string, port: number, dataDir: string, env: Record<string, string>, onOutput?: (name: string, text: string) => void, nodeArgs: readonly string[] = SOURCE_ENTRY): NodeProcess {
  let kept = ''
  const node: NodeProcess = {
    id,
    port,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    child: null,
    output: () => kept,
    async start() {
      const child = spawn(process.execPath, [...nodeArgs], {
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ID: id, LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      const take = (chunk: Buffer) => {
        const text = chunk.toString()
        kept = (kept + text).slice(-OUTPUT_KEPT)
        onOutput?.(id, text)
      }
      child.stdout!.on('data', take)
      child.stderr!.on('data', take)
      node.child = child
      child.once('exit', () => {
        if (node.child === child) node.child = null
      })
      await waitHealthy(node.url, child, id, () => kept)
    },
    async kill(signal = 'SIGKILL') {
      const child = node.child
      if (!child) return null
      child.kill(signal)
      return exited(child)
    },
    freeze() {
      node.child?.kill('SIGSTOP')
    },
    thaw() {
      node.child?.kill('SIGCONT')
    },
  }
  return node
}

/**
 * A TCP relay (node `net`) standing for the network between the nodes and
 * PostgreSQL; `delayMs` adds that much latency each way (a slow network).
 */
export async function startTcpProxy(target: { host: string; port: number }, { delayMs = 0 }: { delayMs?: number } = {}): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>()
  let refusing = false
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy()
      return
    }
    const upstream = createConnection(target)
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
    if (delayMs === 0) {
      client.pipe(upstream)
      upstream.pipe(client)
    } else {
      // Same delay for every chunk: the order is kept.
      client.on('data', (chunk) => setTimeout(() => upstream.destroyed || upstream.write(chunk), delayMs))
      upstream.on('data', (chunk) => setTimeout(() => client.destroyed || client.write(chunk), delayMs))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  const cut = () => {
    refusing = true
    for (const [client, upstream] of [...pairs]) {
      client.destroy()
      upstream.destroy()
    }
    pairs.clear()
  }
  return {
    port,
    cut,
    restore() {
      refusing = false
    },
    close() {
      cut()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * Starts the whole cluster: scratch database, the demo seeded once, N nodes on
 * copies of it, nginx. On any failure, what was started is stopped.
 * @example const cluster = await startLocalCluster({ nodes: 3, leaseMs: 1_500, sessions: ['medecin@demo.test'] })
 */
export async function startLocalCluster({ nodes: count, port, leaseMs = 10_000, adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL, pgProxy: withProxy = false, sessions = [], env = {}, nodeEnv = () => ({}), onOutput, nodeArgs = SOURCE_ENTRY }: ClusterOptions): Promise<LocalCluster> {
  const root = mkdtempSync(join(tmpdir(), 'concerto-cluster-'))
  const dbName = `concerto_cluster_${randomBytes(6).toString('hex')}`
  const admin = new URL(adminUrl)
  const direct = new URL(admin)
  direct.pathname = `/${dbName}`
  let dbCreated = false
  let proxy: TcpProxy | null = null
  let nginx: ChildProcess | null = null
  let nginxOutput = ''
  const nodes: NodeProcess[] = []
  const pool = new pg.Pool({ connectionString: direct.toString(), max: 2 })
  pool.on('error', () => {})

  const stop = async () => {
    if (nginx) {
      const gone = exited(nginx)
      nginx.kill('SIGTERM')
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5_000))])
      nginx.kill('SIGKILL')
    }
    for (const node of nodes) node.thaw()
    await Promise.all(
      nodes.map(async (node) => {
        const child = node.child
        if (!child) return
        const gone = exited(child)
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await gone
        clearTimeout(timer)
      }),
    )
    await pool.end().catch(() => {})
    await proxy?.close()
    if (dbCreated) await adminQuery(admin.toString(), `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    rmSync(root, { recursive: true, force: true })
  }

  try {
    await adminQuery(admin.toString(), `CREATE DATABASE ${dbName}`)
    dbCreated = true
    if (withProxy) proxy = await startTcpProxy({ host: direct.hostname || '127.0.0.1', port: Number(direct.port || 5432) })
    const nodeDbUrl = new URL(direct)
    if (proxy) {
      nodeDbUrl.hostname = '127.0.0.1'
      nodeDbUrl.port = String(proxy.port)
    }

    // The demo seeded once, under a long lease (released at its SIGTERM): rows and documents to PostgreSQL.
    const seederDir = join(root, 'seeder')
    mkdirSync(seederDir)
    const seeder = nodeProcess('seeder', await freePort(), seederDir, { ...env, STORE: 'postgres', DATABASE_URL: direct.toString(), LEASE_TTL_MS: '60000', DEMO: '1', JOBS: '0' }, onOutput, nodeArgs)
    await seeder.start()
    const cookies: Record<string, string> = {}
    for (const email of sessions) cookies[email] = await login(seeder.url, email)
    const code = await seeder.kill('SIGTERM')
    if (code !== 0) throw new Error(`the seeder exited with ${code}:\n${seeder.output().slice(-4_000)}`)

    const ports = await Promise.all(Array.from({ length: count }, () => freePort()))
    for (const [index, nodePort] of ports.entries()) {
      const id = `node-${index + 1}`
      const dataDir = join(root, id)
      mkdirSync(dataDir)
      nodes.push(
        nodeProcess(id, nodePort, dataDir, {
          ...env,
          STORE: 'postgres',
          DATABASE_URL: nodeDbUrl.toString(),
          LEASE_TTL_MS: String(leaseMs),
          TRUST_PROXY: '1',
          DEMO: '0',
          ...nodeEnv(index),
        }, onOutput, nodeArgs),
      )
    }
    await Promise.all(nodes.map((node) => node.start()))

    const listenPort = port ?? (await freePort())
    const prefix = join(root, 'nginx')
    mkdirSync(prefix)
    const confPath = join(prefix, 'nginx.conf')
    const template_ = readFileSync(new URL('../../deploy/nginx.conf', import.meta.url), 'utf8')
    const asRoot = process.getuid?.() === 0
    writeFileSync(confPath, templateNginxConfig(template_, { listenPort, nodePorts: ports, asRoot }))
    nginx = spawn('nginx', ['-p', prefix, '-c', confPath, '-g', `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log stderr;`], { stdio: ['ignore', 'pipe', 'pipe'] })
    const takeNginx = (chunk: Buffer) => {
      nginxOutput = (nginxOutput + chunk.toString()).slice(-OUTPUT_KEPT)
      onOutput?.('nginx', chunk.toString())
    }
    nginx.stdout!.on('data', takeNginx)
    nginx.stderr!.on('data', takeNginx)
    const url = `http://127.0.0.1:${listenPort}`
    await waitHealthy(url, nginx, 'nginx', () => nginxOutput, 15_000)

    const byPort = new Map(nodes.map((node) => [node.port, node]))
    return {
      url,
      wsUrl: `ws://127.0.0.1:${listenPort}`,
      databaseUrl: direct.toString(),
      nodes,
      cookies,
      pgProxy: proxy,
      leaseMs,
      nginxPid: () => nginx?.pid ?? null,
      async owner(situationId) {
        const { rows } = await pool.query<{ node_id: string; epoch: string; live: boolean }>(
          'SELECT node_id, epoch, lease_expires_at > now() AS live FROM situation_owners WHERE situation_id = $1',
          [situationId],
        )
        const row = rows[0]
        return row ? { nodeId: row.node_id, epoch: Number(row.epoch), live: row.live } : null
      },
      async ringFirst(situationId) {
        // Unauthenticated: the first node answers 401 itself, so the header names it alone.
        const response = await fetch(`${url}/api/situations/${situationId}/versions`)
        await response.arrayBuffer()
        const first = response.headers.get('x-concerto-upstream')?.split(',')[0]?.trim() ?? ''
        const node = byPort.get(Number(first.split(':').at(-1)))
        if (!node) throw new Error(`no node for upstream '${first}'`)
        return node
      },
      node(id) {
        const node = nodes.find((candidate) => candidate.id === id)
        if (!node) throw new Error(`no node ${id}`)
        return node
      },
      async query(text, values) {
        return (await pool.query(text, values)).rows
      },
      logs: () => [seeder, ...nodes].map((node) => node.output()).join('') + nginxOutput,
      stop,
    }
  } catch (error) {
    await stop().catch(() => {})
    throw error
  }
}
