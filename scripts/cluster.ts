/**
 * A local cluster on this machine (issue 21): `npm run cluster -- --nodes 3 [--port 8080] [--lease-ms 10000]`.
 *
 * Creates a scratch database on the PostgreSQL server of DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres), seeds the demo once,
 * starts N nodes (`STORE=postgres`, `NODE_ID=node-<i>`, `LEASE_TTL_MS`) and
 * nginx on 127.0.0.1 with deploy/nginx.conf templated to their ports, and
 * prints the address (the demo accounts work). Ctrl-C (SIGINT) or SIGTERM
 * stops nginx and the nodes and drops the scratch database.
 *
 * Every table is in that database (decision 018): what one node writes, the
 * others read. See test/cluster/harness.ts and docs/operations.md ("Cluster mode").
 */
import { parseArgs } from 'node:util'
import { DEFAULT_ADMIN_URL, nginxAvailable, startLocalCluster, type LocalCluster } from '../test/cluster/harness.ts'

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    port: { type: 'string', default: '8080' },
    'lease-ms': { type: 'string', default: '10000' },
    verbose: { type: 'boolean', default: false },
  },
})

const nodes = Number(values.nodes)
const port = Number(values.port)
const leaseMs = Number(values['lease-ms'])
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) throw new Error('--nodes: 1 to 16')
if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error('--port: a TCP port')
if (!Number.isInteger(leaseMs) || leaseMs < 100) throw new Error('--lease-ms: at least 100')
if (!nginxAvailable()) {
  process.stderr.write('nginx is not on PATH: install it (apt-get install nginx-light) to run a local cluster.\n')
  process.exit(1)
}

// Warnings and errors of every process, prefixed; everything with --verbose.
const onOutput = (name: string, text: string) => {
  for (const line of text.split('\n')) {
    if (line === '') continue
    if (values.verbose || !line.includes('"level":"info"')) process.stdout.write(`[${name}] ${line}\n`)
  }
}

process.stdout.write(`Starting ${nodes} nodes, the demo seeded once, nginx on 127.0.0.1:${port}...\n`)
let cluster: LocalCluster | null = null
let stopping = false
const stop = async (signal: string) => {
  if (stopping) return
  stopping = true
  process.stdout.write(`\n${signal}: stopping nginx and the nodes, dropping the scratch database...\n`)
  await cluster?.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))

cluster = await startLocalCluster({ nodes, port, leaseMs, adminUrl: process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL, onOutput })
if (stopping) await cluster.stop()
process.stdout.write(
  [
    '',
    `Concerto (cluster) est prêt : ${cluster.url}`,
    `  ${cluster.nodes.map((node) => `${node.id} ${node.url}`).join(', ')}; LEASE_TTL_MS=${leaseMs}`,
    `  PostgreSQL : ${cluster.databaseUrl} (supprimée à l’arrêt)`,
    '  Comptes de démonstration (mot de passe dans le README) : coordination@demo.test, medecin@demo.test, ...',
    '  Ctrl-C pour tout arrêter.',
    '',
  ].join('\n'),
)
