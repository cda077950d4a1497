import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { performance } from 'node:perf_hooks'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts'
import { nginxAvailable, startLocalCluster, type LocalCluster } from './harness.ts'

/**
 * Issue 21: a revocation decided on one node closes the sockets it concerns
 * on another. The announcement over LISTEN/NOTIFY is the fast path; the
 * periodic re-check (RIGHTS_RECHECK_MS) is what a lost announcement falls
 * back on. node-3 listens on a channel of its own, so nothing it announces
 * reaches the others: its revocations show the fallback.
 */
const RECHECK_MS = 4_000
const ACCOUNTS = ['medecin@demo.test', 'infirmier@demo.test', 'social@demo.test'] as const

let cluster: LocalCluster
const clients: TestClient[] = []

/** A socket opened on node-1 itself (not through nginx), so node-1 owns the situation and holds the socket. */
const connectOnFirstNode = async (email: string, room: string) => {
  const client = connectClient(cluster.node('node-1').url.replace('http', 'ws'), room, cluster.cookies[email]!)
  clients.push(client)
  await client.synced
  return client
}

const logoutOn = async (nodeId: string, email: string) => {
  const node = cluster.node(nodeId)
  const response = await fetch(`${node.url}/api/auth/logout`, { method: 'POST', headers: { cookie: cluster.cookies[email]!, origin: node.url } })
  expect(response.status).toBe(204)
}

describe.skipIf(!nginxAvailable())('revocations across the nodes of a local cluster (skipped when nginx is not on PATH)', () => {
  beforeAll(async () => {
    cluster = await startLocalCluster({
      nodes: 3,
      leaseMs: 3_000,
      sessions: ACCOUNTS,
      env: { RIGHTS_RECHECK_MS: String(RECHECK_MS) },
      nodeEnv: (index): Record<string, string> => (index === 2 ? { CONTROL_CHANNEL: 'concerto_control_apart' } : {}),
    })
  }, 120_000)

  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await cluster?.stop()
  })

  it('closes a user’s socket on node-1 within 2 s of their logout on node-2 (the announcement)', async () => {
    const gp = await connectOnFirstNode('medecin@demo.test', 'monsieur-x/plan')
    const nurse = await connectOnFirstNode('infirmier@demo.test', 'monsieur-x/plan')
    const started = performance.now()
    await logoutOn('node-2', 'medecin@demo.test')
    await eventually(() => expect(gp.closeCodes).toContain(CloseCode.accessRevoked), { timeoutMs: 2_000 })
    // Well inside the re-check period: the announcement did it.
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(nurse.closeCodes).toEqual([])
  })

  it('closes it at node-1’s next re-check when the announcement is lost (node-3 announces on another channel)', async () => {
    const social = await connectOnFirstNode('social@demo.test', 'monsieur-x/plan')
    const started = performance.now()
    await logoutOn('node-3', 'social@demo.test')
    await eventually(() => expect(social.closeCodes).toContain(CloseCode.accessRevoked), { timeoutMs: RECHECK_MS + 2_000 })
    expect(performance.now() - started).toBeLessThan(RECHECK_MS + 2_000)
  })
})
