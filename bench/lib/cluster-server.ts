import { readdirSync, readFileSync } from 'node:fs'
import { startLocalCluster } from '../../test/cluster/harness.ts'
import { procReader, resetPeakRss, type ServerHandle, type ServerSpec } from './processes.ts'

/** CPU seconds so far of nginx's and PostgreSQL's processes, by pid (backends come and go). */
export interface ClusterCosts {
  nginx: Map<number, number>
  postgres: Map<number, number>
}

/** CPU seconds spent between two readings by the processes present at both. */
export function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let seconds = 0
  for (const [pid, then] of before) {
    const now = after.get(pid)
    // A process gone before its first reading has no figure (NaN): it adds nothing.
    if (now !== undefined && Number.isFinite(now - then)) seconds += now - then
  }
  return seconds
}

/**
 * Issue 21's meeting through nginx: `npm run cluster`'s local cluster (a
 * scratch PostgreSQL database, N nodes with `STORE=postgres`, nginx with
 * deploy/nginx.conf), each node the compiled server under plain node, as
 * `npm start` runs it. The handle's port is nginx's: clients know nothing
 * else. Its CPU and memory are the nodes' together (what "the server" costs
 * in the meeting's figures); nginx's and PostgreSQL's CPU are read apart
 * (`costs`), since the single node pays for neither.
 */
export async function startClusterServer(spec: ServerSpec & { cluster: { nodes: number } }): Promise<ServerHandle & { costs(): ClusterCosts }> {
  const cluster = await startLocalCluster({
    nodes: spec.cluster.nodes,
    leaseMs: 10_000,
    nodeArgs: [...(spec.nodeFlags ?? []), 'dist/server/main.js'],
    env: { LOG_LEVEL: 'warn', NODE_ENV: 'production', ...spec.env },
  })
  const port = Number(new URL(cluster.url).port)
  const pids = () => cluster.nodes.flatMap((node) => (node.child?.pid ? [node.child.pid] : []))
  const proc = procReader()
  const cpuOf = proc.cpuSeconds
  return {
    spec,
    pid: pids()[0]!,
    port,
    cpuSeconds: () => pids().reduce((sum, pid) => sum + cpuOf(pid), 0),
    rssKb: () => pids().reduce((sum, pid) => sum + proc.statusKb(pid, 'VmRSS'), 0),
    // The nodes' peaks added: an upper bound of what the cluster held at once.
    peakRssKb: () => pids().reduce((sum, pid) => sum + proc.statusKb(pid, 'VmHWM'), 0),
    resetPeakRss: () => resetPeakRss(pids()),
    costs() {
      const master = cluster.nginxPid()
      const nginx = master ? [master, ...childrenOf(master)] : []
      return {
        nginx: new Map(nginx.map((pid) => [pid, cpuOf(pid)])),
        postgres: new Map(processesNamed('postgres').map((pid) => [pid, cpuOf(pid)])),
      }
    },
    stop: () => cluster.stop(),
    async crash() {
      await Promise.all(cluster.nodes.map((node) => node.kill('SIGKILL')))
      await cluster.stop()
    },
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** Every process whose command name is `name` (the PostgreSQL server's backends and helpers, on this machine). */
function processesNamed(name: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return pids
}
