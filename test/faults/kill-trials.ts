import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { connectClient, eventually, login } from '../helpers/clients.ts'
import { createEditor, markersOf, type Editor } from './edit-load.ts'
import { readDocFromDisk } from './stored-docs.ts'
import { findSecrets, saveServerLogs } from './report.ts'

/**
 * kill -9 trials: a spawned server under a steady edit load from several
 * stock clients is SIGKILLed at a seeded random moment and restarted on the
 * same data directory and port. Each trial checks, on a copy of the files the
 * dead process left, that every update any client had received is there,
 * then that the clients reconnect by themselves and converge with nothing lost.
 */
export const KILL_ROOM = 'monsieur-x/plan'
const WRITERS = ['medecin@demo.test', 'infirmier@demo.test', 'coordination@demo.test', 'social@demo.test'] as const

export interface KillTrialRecord {
  trial: number
  killAfterMs: number
  /** Edits the clients made before the kill. */
  editsBeforeKill: number
  /** Distinct updates (markers) some client had received from another before the kill. */
  receivedBeforeKill: number
  /** Of those, how many the files left by the dead process hold. */
  foundOnDisk: number
  lost: number
  /** Updates of earlier trials (already synced when this one started) missing from disk. */
  earlierLost: number
  /** Edits the server never acknowledged (nobody had them) that were on disk anyway. */
  unreceivedOnDisk: number
  storedRowProblems: number
  restartMs: number
  reconnectMs: number
  /** Every edit of every client (offline ones included) present after reconnection. */
  editsAfterReconnect: number
  missingAfterReconnect: number
}

export interface KillTrialsOptions {
  trials: number
  seed: number
  minKillMs?: number
  maxKillMs?: number
  logName: string
  env?: Record<string, string>
}

export async function runKillTrials({ trials, seed, minKillMs = 300, maxKillMs = 2_500, logName, env = {} }: KillTrialsOptions): Promise<KillTrialRecord[]> {
  const gen = prng.create(seed)
  // A low compaction threshold so kills also land during compactions.
  const serverEnv = { COMPACT_AFTER: '150', UNLOAD_DELAY_MS: '200', ...env }
  let server: SpawnedServer = await startServer({ env: serverEnv })
  const { dataDir, port } = server
  const records: KillTrialRecord[] = []
  const secrets: string[] = []
  const editors: Editor[] = []
  try {
    const cookies = await Promise.all(WRITERS.map((email) => login(server.url, email)))
    secrets.push(...cookies.map((cookie) => cookie.split('=')[1]!))
    for (let trial = 0; trial < trials; trial++) {
      editors.push(
        ...cookies.map((cookie, index) =>
          createEditor({ wsUrl: server.wsUrl, room: KILL_ROOM, cookie, name: `t${trial}c${index}`, gen: prng.create(seed * 1000 + trial * 10 + index) }),
        ),
      )
      await Promise.all(editors.map((editor) => editor.client.synced))
      editors.forEach((editor) => editor.start())
      const killAfterMs = prng.uint32(gen, minKillMs, maxKillMs)
      await new Promise((resolve) => setTimeout(resolve, killAfterMs))

      await server.kill('SIGKILL')
      const editsBeforeKill = editors.reduce((sum, editor) => sum + editor.sent.length, 0)
      saveServerLogs(logName, server.output)
      // Whatever reached a client before its socket saw the end was sent by the server before it died.
      await eventually(() => {
        if (editors.some((editor) => editor.client.provider.wsconnected)) throw new Error('a client still looks connected')
      }, { timeoutMs: 10_000 })
      // This trial's updates that reached another client; earlier trials' must all still be there too.
      const received = new Set<string>()
      const earlier = new Set<string>()
      for (const editor of editors) {
        for (const marker of editor.receivedFromOthers()) (marker.startsWith(`t${trial}c`) ? received : earlier).add(marker)
      }

      const disk = readDocFromDisk(dataDir, KILL_ROOM)
      const onDisk = new Set(markersOf(disk.doc))
      disk.doc.destroy()
      const foundOnDisk = [...received].filter((marker) => onDisk.has(marker)).length
      const earlierLost = [...earlier].filter((marker) => !onDisk.has(marker)).length
      const unreceivedOnDisk = [...onDisk].filter((marker) => marker.startsWith(`t${trial}c`) && !received.has(marker)).length

      const restartAt = Date.now()
      server = await startServer({ dataDir, port, env: serverEnv })
      const restartMs = Date.now() - restartAt
      // The clients reconnect by themselves (1006 is retryable) and resend what the server lacks.
      await eventually(() => {
        if (!editors.every((editor) => editor.client.provider.wsconnected && editor.client.provider.synced)) throw new Error('not reconnected')
      }, { timeoutMs: 20_000, intervalMs: 50 })
      const reconnectMs = Date.now() - restartAt - restartMs
      await new Promise((resolve) => setTimeout(resolve, prng.uint32(gen, 0, 500)))
      editors.forEach((editor) => editor.stop())

      const allSent = editors.flatMap((editor) => editor.sent)
      const checker = connectClient(server.wsUrl, KILL_ROOM, cookies[2]!)
      try {
        await eventually(async () => {
          await checker.synced
          const expected = new Set(allSent)
          const docs = [checker.doc, ...editors.map((editor) => editor.client.doc)]
          for (const doc of docs) {
            const have = new Set(markersOf(doc))
            const missing = [...expected].filter((marker) => !have.has(marker))
            if (missing.length > 0) throw new Error(`missing ${missing.length} markers, e.g. ${missing[0]}`)
          }
          const reference = JSON.stringify(markersOf(checker.doc))
          if (docs.some((doc) => JSON.stringify(markersOf(doc)) !== reference)) throw new Error('documents differ')
          const vectors = docs.map((doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex'))
          if (new Set(vectors).size !== 1) throw new Error('state vectors differ')
        }, { timeoutMs: 20_000, intervalMs: 100 })
        const afterReconnect = new Set(markersOf(checker.doc))
        records.push({
          trial,
          killAfterMs,
          editsBeforeKill,
          receivedBeforeKill: received.size,
          foundOnDisk,
          lost: received.size - foundOnDisk,
          earlierLost,
          unreceivedOnDisk,
          storedRowProblems: disk.audit.problems.length,
          restartMs,
          reconnectMs,
          editsAfterReconnect: allSent.length,
          missingAfterReconnect: allSent.filter((marker) => !afterReconnect.has(marker)).length,
        })
      } finally {
        checker.destroy()
      }
      for (const editor of editors.splice(0)) editor.destroy()
    }
    const code = await server.stop()
    saveServerLogs(logName, server.output)
    if (code !== 0) throw new Error(`last server exited with ${code}`)
    const leaks = findSecrets(server.output.join(''), secrets)
    if (leaks.length > 0) throw new Error(`secrets in the server logs: ${leaks.join(', ')}`)
    return records
  } finally {
    for (const editor of editors.splice(0)) editor.destroy()
    await server.kill()
    server.dispose()
  }
}

export function summarizeKillTrials(records: readonly KillTrialRecord[]) {
  return {
    trials: records.length,
    receivedBeforeKill: records.reduce((sum, r) => sum + r.receivedBeforeKill, 0),
    foundOnDisk: records.reduce((sum, r) => sum + r.foundOnDisk, 0),
    lost: records.reduce((sum, r) => sum + r.lost + r.earlierLost, 0),
    trialsWithLoss: records.filter((r) => r.lost > 0).length,
    missingAfterReconnect: records.reduce((sum, r) => sum + r.missingAfterReconnect, 0),
    storedRowProblems: records.reduce((sum, r) => sum + r.storedRowProblems, 0),
    perTrial: records.map((r) => ({ trial: r.trial, killAfterMs: r.killAfterMs, received: r.receivedBeforeKill, found: r.foundOnDisk, lost: r.lost })),
  }
}
