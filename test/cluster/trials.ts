import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { connectClient, eventually, sleep, type TestClient } from '../helpers/clients.ts'
import { createEditor, markersOf, type Editor } from '../faults/edit-load.ts'
import type { LocalCluster } from './harness.ts'

/**
 * The cluster's failure trials, shared by the main suite (a few, short lease)
 * and the full fault run (test/faults/full/cluster-kill.test.ts). Every
 * client is a stock y-websocket provider that only knows nginx's address.
 */
export const SITUATION = 'monsieur-x'
export const ROOM = `${SITUATION}/plan`
export const WRITERS = ['medecin@demo.test', 'infirmier@demo.test', 'coordination@demo.test', 'social@demo.test'] as const

const connected = (client: TestClient) => client.provider.wsconnected && client.provider.synced

/**
 * Waits until every client is connected and synced, and every document holds
 * every expected marker, the same markers and the same state vector as a
 * fresh client's (which loads what the owner stored or holds).
 */
export async function converge(cluster: LocalCluster, clients: readonly TestClient[], expected: ReadonlySet<string>, cookie: string, timeoutMs = 20_000): Promise<void> {
  const checker = connectClient(cluster.wsUrl, ROOM, cookie)
  try {
    await eventually(() => {
      if (![checker, ...clients].every(connected)) throw new Error('a client is not connected and synced')
      const docs = [checker.doc, ...clients.map((client) => client.doc)]
      for (const doc of docs) {
        const have = new Set(markersOf(doc))
        const missing = [...expected].filter((marker) => !have.has(marker))
        if (missing.length > 0) throw new Error(`missing ${missing.length} markers, e.g. ${missing[0]}`)
      }
      const reference = JSON.stringify(markersOf(checker.doc))
      if (docs.some((doc) => JSON.stringify(markersOf(doc)) !== reference)) throw new Error('documents differ')
      if (new Set(docs.map((doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex'))).size !== 1) throw new Error('state vectors differ')
    }, { timeoutMs, intervalMs: 100 })
  } finally {
    checker.destroy()
  }
}

export interface OwnerKillRecord {
  trial: number
  killAfterMs: number
  killed: string
  takenOverBy: string
  epochs: [number, number]
  /** Distinct markers some client had received from another when its socket closed. */
  receivedBeforeKill: number
  /** Of those, how many some client's final document lacks (must be 0). */
  lost: number
  /** From the kill to every client connected and synced again through nginx. */
  recoveryMs: number
  restartMs: number
  editsSent: number
  missingAfterReconnect: number
}

/**
 * kill -9 of the owning node under a meeting's load: four stock clients type
 * through nginx; the node holding the lease in situation_owners is killed at
 * a seeded random moment; the clients must come back through nginx to
 * another node within the lease + 2 s, and every update any of them had
 * received must be in every final document. The killed node is restarted
 * before the next trial.
 */
export async function runOwnerKillTrials(cluster: LocalCluster, { trials, seed, minKillMs = 300, maxKillMs = 1_500 }: { trials: number; seed: number; minKillMs?: number; maxKillMs?: number }): Promise<OwnerKillRecord[]> {
  const gen = prng.create(seed)
  const cookies = WRITERS.map((email) => cluster.cookies[email]!)
  const records: OwnerKillRecord[] = []
  const editors: Editor[] = []
  try {
    for (let trial = 0; trial < trials; trial++) {
      editors.push(
        ...cookies.map((cookie, index) =>
          createEditor({ wsUrl: cluster.wsUrl, room: ROOM, cookie, name: `k${trial}c${index}`, gen: prng.create(seed * 1000 + trial * 10 + index), minPauseMs: 10, maxPauseMs: 40 }),
        ),
      )
      await eventually(() => {
        if (!editors.every((editor) => connected(editor.client))) throw new Error('not all editors synced')
      }, { timeoutMs: 15_000, intervalMs: 50 })
      // What each client holds from the others at the moment its socket ends.
      const atClose = new Map<Editor, Set<string>>()
      let armed = false
      for (const editor of editors) {
        editor.client.provider.on('connection-close', () => {
          if (armed && !atClose.has(editor)) atClose.set(editor, editor.receivedFromOthers())
        })
      }
      editors.forEach((editor) => editor.start())
      const killAfterMs = prng.uint32(gen, minKillMs, maxKillMs)
      await sleep(killAfterMs)

      const before = await cluster.owner(SITUATION)
      if (!before?.live) throw new Error(`no live owner before the kill: ${JSON.stringify(before)}`)
      const victim = cluster.node(before.nodeId)
      armed = true
      const killedAt = performance.now()
      await victim.kill('SIGKILL')
      await eventually(() => {
        if (atClose.size < editors.length) throw new Error('a client still looks connected to the dead node')
      }, { timeoutMs: 10_000, intervalMs: 10 })
      await eventually(() => {
        if (!editors.every((editor) => connected(editor.client))) throw new Error('not reconnected')
      }, { timeoutMs: cluster.leaseMs + 15_000, intervalMs: 20 })
      const recoveryMs = Math.round(performance.now() - killedAt)
      const after = await cluster.owner(SITUATION)

      const restartAt = performance.now()
      await victim.start()
      const restartMs = Math.round(performance.now() - restartAt)
      await sleep(prng.uint32(gen, 100, 400))
      editors.forEach((editor) => editor.stop())

      const received = new Set<string>()
      for (const markers of atClose.values()) for (const marker of markers) received.add(marker)
      const sent = editors.flatMap((editor) => editor.sent)
      await converge(cluster, editors.map((editor) => editor.client), new Set([...received, ...sent]), cookies[2]!)
      const finals = editors.map((editor) => new Set(markersOf(editor.client.doc)))
      records.push({
        trial,
        killAfterMs,
        killed: victim.id,
        takenOverBy: after?.nodeId ?? '',
        epochs: [before.epoch, after?.epoch ?? 0],
        receivedBeforeKill: received.size,
        lost: [...received].filter((marker) => finals.some((final) => !final.has(marker))).length,
        recoveryMs,
        restartMs,
        editsSent: sent.length,
        missingAfterReconnect: sent.filter((marker) => finals.some((final) => !final.has(marker))).length,
      })
      for (const editor of editors.splice(0)) editor.destroy()
    }
    return records
  } finally {
    for (const editor of editors.splice(0)) editor.destroy()
  }
}

export function summarizeOwnerKills(records: readonly OwnerKillRecord[]) {
  const recoveries = records.map((record) => record.recoveryMs).sort((a, b) => a - b)
  return {
    trials: records.length,
    receivedBeforeKill: records.reduce((sum, record) => sum + record.receivedBeforeKill, 0),
    lost: records.reduce((sum, record) => sum + record.lost, 0),
    missingAfterReconnect: records.reduce((sum, record) => sum + record.missingAfterReconnect, 0),
    recoveryMs: { min: recoveries[0] ?? 0, median: recoveries[Math.floor(recoveries.length / 2)] ?? 0, max: recoveries.at(-1) ?? 0 },
    perTrial: records.map(({ trial, killed, takenOverBy, epochs, receivedBeforeKill, recoveryMs }) => ({ trial, killed, takenOverBy, epochs, receivedBeforeKill, recoveryMs })),
  }
}
