import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { performance } from 'node:perf_hooks'
import * as prng from 'lib0/prng'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { connectClient, eventually, sleep, type TestClient } from '../helpers/clients.ts'
import { createEditor, type Editor } from '../faults/edit-load.ts'
import { findSecrets, recordFigures, saveServerLogs } from '../faults/report.ts'
import { nginxAvailable, startLocalCluster, type LocalCluster } from './harness.ts'
import { converge, ROOM, runOwnerKillTrials, SITUATION, summarizeOwnerKills, WRITERS } from './trials.ts'

/**
 * Issue 21's failure trials on a real local cluster: three `server/main.ts`
 * processes on one scratch PostgreSQL (behind a TCP relay the trials can cut),
 * nginx with deploy/nginx.conf in front, stock y-websocket clients that know
 * only nginx's address. The suite runs issue 21's 20 kill trials;
 * test/faults/full/cluster-kill.test.ts (npm run test:faults) runs as many
 * as KILL_TRIALS asks, with longer pauses before each kill.
 */
// The stock provider retries after 0.1, 0.3, 0.7, 1.5, 3.1 s…: with a lease of 2.5 s the first retry
// after it lapses comes 0.6 s later at worst, inside the 2 s the issue allows. At 1.5 s a lease
// lapsing just after the 1.5 s retry left the next one 1.6 s later, and 20 trials came within 0.3 s of the bound.
const LEASE_MS = 2_500
const KILL_TRIALS = 20
const SEED = Number(process.env.FAULT_SEED ?? 20_250_101)

let cluster: LocalCluster
const clients: TestClient[] = []
const editors: Editor[] = []

const connect = (email: string) => {
  const client = connectClient(cluster.wsUrl, ROOM, cluster.cookies[email]!)
  clients.push(client)
  return client
}

/** Closes that tell a stock provider to give up or drop its copy: none may happen in these trials. */
const terminal = (codes: readonly number[]) => codes.filter((code) => code >= 4400 && code <= 4499)

/** Rows of the plan's stored log or snapshots holding these bytes (Yjs stores a string as UTF-8). */
const storedRowsHolding = async (text: string) => {
  const [row] = await cluster.query<{ count: string }>(
    `SELECT (SELECT count(*) FROM doc_updates WHERE doc = $1 AND position($2::bytea in bytes) > 0)
          + (SELECT count(*) FROM doc_snapshots WHERE doc = $1 AND position($2::bytea in bytes) > 0) AS count`,
    [ROOM, Buffer.from(text)],
  )
  return Number(row!.count)
}

describe.skipIf(!nginxAvailable())('a local cluster behind nginx (3 nodes, PostgreSQL; skipped when nginx is not on PATH)', () => {
  beforeAll(async () => {
    cluster = await startLocalCluster({ nodes: 3, leaseMs: LEASE_MS, pgProxy: true, sessions: WRITERS })
  }, 120_000)

  afterAll(async () => {
    for (const editor of editors.splice(0)) editor.destroy()
    for (const client of clients.splice(0)) client.destroy()
    await cluster?.stop()
  })

  it(`brings the clients back through nginx to another node within the lease + 2 s after kill -9 of the owner, losing none of the updates any client had received (${KILL_TRIALS} trials)`, async () => {
    const records = await runOwnerKillTrials(cluster, { trials: KILL_TRIALS, seed: SEED })
    const summary = summarizeOwnerKills(records)
    recordFigures('cluster-kill', { seed: SEED, leaseMs: LEASE_MS, ...summary })
    // Zero lost of zero received would prove nothing.
    expect(summary.receivedBeforeKill).toBeGreaterThan(0)
    expect(summary.lost).toBe(0)
    expect(summary.missingAfterReconnect).toBe(0)
    for (const record of records) {
      expect(record.takenOverBy).not.toBe(record.killed)
      expect(record.epochs[1]).toBeGreaterThan(record.epochs[0])
      expect(record.recoveryMs).toBeLessThanOrEqual(LEASE_MS + 2_000)
    }
  }, 600_000)

  it('fences a node frozen (SIGSTOP) past its lease: another node takes over through nginx, and once woken its writes are not stored and its sockets close with 4511', async () => {
    const writer = connect('medecin@demo.test')
    const reader = connect('infirmier@demo.test')
    await Promise.all([writer.synced, reader.synced])
    const items = writer.doc.getArray<string>('frozen-trial')
    for (let i = 1; i <= 3; i++) items.push([`avant-${i}`])
    await eventually(() => expect(reader.doc.getArray('frozen-trial').length).toBe(3))

    // A frozen node still accepts TCP connections (the kernel does), so nginx would wait on it for a new
    // socket: the trial freezes an owner that is not the ring's first choice, by moving the situation off it.
    const first = await cluster.ringFirst(SITUATION)
    let owner = await cluster.owner(SITUATION)
    if (owner?.nodeId === first.id) {
      expect(await first.kill('SIGTERM')).toBe(0)
      await eventually(async () => expect((await cluster.owner(SITUATION))?.nodeId).not.toBe(first.id), { timeoutMs: 10_000, intervalMs: 50 })
      await first.start()
      await eventually(() => expect(writer.provider.synced && reader.provider.synced).toBe(true), { timeoutMs: 10_000 })
      owner = await cluster.owner(SITUATION)
    }
    const frozen = cluster.node(owner!.nodeId)
    expect(frozen.id).not.toBe(first.id)
    const fourCloses: number[] = []
    for (const client of [writer, reader]) {
      client.provider.on('connection-close', (event) => {
        if (event?.code !== CloseCode.ownershipMoved) return
        fourCloses.push(event.code)
        // Kept away until the stored log is checked; reconnected below.
        setTimeout(() => client.provider.disconnect(), 0)
      })
    }

    const frozenAt = performance.now()
    frozen.freeze()
    try {
      // Sent to the frozen node's socket: it reads them only when it wakes.
      items.push(['gele-pendant-le-gel'])
      for (let i = 1; i <= 20; i++) writer.doc.getText('frozen-text').insert(0, `g${i} `)
      await sleep(LEASE_MS + 500)
      const newcomer = connect('coordination@demo.test')
      await eventually(() => expect(newcomer.provider.synced).toBe(true), { timeoutMs: 10_000 })
      const takeoverMs = Math.round(performance.now() - frozenAt)
      const now = await cluster.owner(SITUATION)
      expect(now).toMatchObject({ nodeId: first.id, live: true })
      expect(now!.epoch).toBeGreaterThan(owner!.epoch)
      newcomer.doc.getArray<string>('frozen-trial').push(['apres-la-reprise'])
      await eventually(() => expect(newcomer.doc.getArray('frozen-trial').toArray()).toContain('avant-3'))

      const thawedAt = performance.now()
      frozen.thaw()
      await eventually(() => expect(fourCloses).toHaveLength(2), { timeoutMs: 5_000 })
      const closedMs = Math.round(performance.now() - thawedAt)
      // What the woken node read from its sockets was not stored, nor broadcast to the reader.
      expect(await storedRowsHolding('gele-pendant-le-gel')).toBe(0)
      expect(reader.doc.getArray('frozen-trial').toArray()).not.toContain('gele-pendant-le-gel')
      const reaction = /local copy dropped|situation taken over by another node|situation ownership lost/.exec(frozen.output())?.[0]
      expect(reaction).toBeDefined()
      // A client sent to it directly is told to go elsewhere.
      expect((await fetch(`${frozen.url}/api/situations/${SITUATION}/versions`, { headers: { cookie: cluster.cookies['medecin@demo.test']! } })).status).toBe(503)
      // Which came first when it woke: its local deadline (timers) or a write it read from a socket (fenced by PostgreSQL).
      const fencedWrite = /write fenced/.test(frozen.output())
      recordFigures('cluster-sigstop', { leaseMs: LEASE_MS, takeoverMs, closedAfterThawMs: closedMs, reaction, fencedWrite })

      // Back through nginx to the new owner; the writer's handshake resends what the frozen node never stored.
      writer.provider.connect()
      reader.provider.connect()
      await converge(cluster, [writer, reader, newcomer], new Set(), cluster.cookies['social@demo.test']!)
      const expected = ['avant-1', 'avant-2', 'avant-3', 'gele-pendant-le-gel', 'apres-la-reprise']
      for (const client of [writer, reader, newcomer]) expect([...client.doc.getArray<string>('frozen-trial').toArray()].sort()).toEqual([...expected].sort())
      expect(await storedRowsHolding('gele-pendant-le-gel')).toBeGreaterThan(0)
      expect(terminal([...writer.closeCodes, ...reader.closeCodes, ...newcomer.closeCodes])).toEqual([])
    } finally {
      frozen.thaw()
    }
  }, 60_000)

  it('refuses writes with a retryable close while PostgreSQL is cut off for 5 s, then resumes with nothing any client received lost', async () => {
    const gen = prng.create(SEED)
    editors.push(
      ...WRITERS.map((email, index) =>
        createEditor({ wsUrl: cluster.wsUrl, room: ROOM, cookie: cluster.cookies[email]!, name: `pg${index}`, gen: prng.create(SEED + index), minPauseMs: 10, maxPauseMs: 40 }),
      ),
    )
    await eventually(() => expect(editors.every((editor) => editor.client.provider.synced)).toBe(true), { timeoutMs: 15_000 })
    editors.forEach((editor) => editor.start())
    await sleep(prng.uint32(gen, 300, 800))

    cluster.pgProxy!.cut()
    await sleep(5_000)
    // Whatever a client holds from another now was committed before the cut (nothing is broadcast unstored).
    const received = new Set(editors.flatMap((editor) => [...editor.receivedFromOthers()]))
    const closesDuringCut = editors.flatMap((editor) => editor.client.closeCodes)
    // No node died of it.
    expect(cluster.nodes.filter((node) => node.child === null).map((node) => node.id)).toEqual([])
    cluster.pgProxy!.restore()
    const restoredAt = performance.now()
    await eventually(() => expect(editors.every((editor) => editor.client.provider.wsconnected && editor.client.provider.synced)).toBe(true), { timeoutMs: 20_000, intervalMs: 20 })
    const recoveryMs = Math.round(performance.now() - restoredAt)
    await sleep(300)
    editors.forEach((editor) => editor.stop())

    const sent = editors.flatMap((editor) => editor.sent)
    await converge(cluster, editors.map((editor) => editor.client), new Set([...received, ...sent]), cluster.cookies['coordination@demo.test']!)
    const codes = editors.flatMap((editor) => editor.client.closeCodes)
    const firstCloses = editors.map((editor) => editor.client.closeCodes[0])
    recordFigures('cluster-pg-cut', { leaseMs: LEASE_MS, cutMs: 5_000, receivedBeforeRestore: received.size, sent: sent.length, recoveryAfterRestoreMs: recoveryMs, firstCloses, closeCodes: codes })
    expect(received.size).toBeGreaterThan(0)
    // The writes were refused: every client's socket was closed with a code the stock provider retries.
    expect(closesDuringCut.length).toBeGreaterThanOrEqual(editors.length)
    expect(closesDuringCut.every((code) => [CloseCode.storageUnavailable, CloseCode.ownershipMoved, 1006].includes(code))).toBe(true)
    expect(terminal(codes)).toEqual([])
  }, 60_000)

  it('leaves no password, session cookie or token in what its nodes and nginx logged through these trials', () => {
    const logs = cluster.logs()
    // Saved for the run's log scan (test/security/logs.test.ts) too.
    saveServerLogs('cluster', [logs])
    expect(logs).toContain('"msg":"request"')
    expect(findSecrets(logs, Object.values(cluster.cookies).map((cookie) => cookie.split('=')[1]!))).toEqual([])
  })
})
