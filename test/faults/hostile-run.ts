import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { startServer } from '../helpers/server.ts'
import { connectClient, eventually, login } from '../helpers/clients.ts'
import { createEditor, markersOf, percentiles, type Editor } from './edit-load.ts'
import { buildCorpus, runHostileFrames, type FuzzStats } from './hostile-frames.ts'
import { copyDatabase, auditStoredRows, loadStoredDoc, type StoredAudit } from './stored-docs.ts'
import { findSecrets, saveServerLogs } from './report.ts'

export const FUZZ_ROOM = 'monsieur-x/plan'

export interface HostileRunResult {
  fuzz: FuzzStats
  /** Server process exits during the run (it is never restarted). */
  crashes: number
  healthyAfter: boolean
  exitCode: number | null
  honestEdits: number
  honestCloseCodes: number[]
  honestLatencyMs: ReturnType<typeof percentiles>
  converged: boolean
  convergenceError: string
  stored: StoredAudit
  storedEqualsServer: boolean
  secretsInLogs: string[]
}

/**
 * Spawns a server, keeps three honest stock clients editing, fuzzes it, then
 * checks the honest clients converged with the server and that every stored
 * row decodes and rebuilds the server's document.
 */
export async function hostileRun({ seed, frames, minHostileFrames, timeBudgetMs, logName, floodEvery, floodFrames, oversizedEvery, concurrency }: {
  seed: number
  frames: number
  /** Hostile frames (malformed or mutated, outside floods) that must be processed besides the total. */
  minHostileFrames?: number
  timeBudgetMs: number
  logName: string
  floodEvery: number
  floodFrames: number
  oversizedEvery: number
  concurrency?: number
}): Promise<HostileRunResult> {
  const maxFrameBytes = 8 * 1024 * 1024
  const server = await startServer({ env: { LOG_LEVEL: 'warn', MAX_FRAME_BYTES: String(maxFrameBytes) } })
  let crashes = 0
  server.process.once('exit', (code, signal) => {
    if (signal !== 'SIGTERM' && signal !== 'SIGKILL' && code !== 0) crashes++
  })
  const editors: Editor[] = []
  try {
    const [medecin, infirmier, coordination, social, observer] = await Promise.all(
      ['medecin', 'infirmier', 'coordination', 'social', 'observateur'].map((name) => login(server.url, `${name}@demo.test`)),
    )
    editors.push(
      ...[medecin!, infirmier!, coordination!].map((cookie, index) =>
        createEditor({ wsUrl: server.wsUrl, room: FUZZ_ROOM, cookie, name: `honest${index}`, gen: prng.create(seed + index), minPauseMs: 20, maxPauseMs: 60 }),
      ),
    )
    await Promise.all(editors.map((editor) => editor.client.synced))
    editors.forEach((editor) => editor.start())

    const base = connectClient(server.wsUrl, FUZZ_ROOM, coordination!)
    await base.synced
    const corpus = buildCorpus(prng.create(seed), base.doc)
    base.destroy()

    const fuzz = await runHostileFrames({
      url: `${server.wsUrl}/sync/${FUZZ_ROOM}`,
      writerCookie: social!,
      readerCookie: observer!,
      seed,
      frames,
      minHostileFrames,
      corpus,
      maxFrameBytes,
      concurrency,
      deadline: Date.now() + timeBudgetMs,
      floodEvery,
      floodFrames,
      oversizedEvery,
    })
    editors.forEach((editor) => editor.stop())
    const honestLatencyMs = percentiles(editors.flatMap((editor) => editor.latencies).filter(Number.isFinite))
    const healthyAfter = server.process.exitCode === null && (await fetch(`${server.url}/healthz`).then((r) => r.ok, () => false))

    const checker = connectClient(server.wsUrl, FUZZ_ROOM, coordination!)
    let converged = false
    let convergenceError = ''
    let serverState: Uint8Array = new Uint8Array(0)
    try {
      const sent = editors.flatMap((editor) => editor.sent)
      await eventually(async () => {
        await checker.synced
        const docs = [checker.doc, ...editors.map((editor) => editor.client.doc)]
        for (const doc of docs) {
          const have = new Set(markersOf(doc))
          if (sent.some((marker) => !have.has(marker))) throw new Error('an honest edit is missing')
        }
        const vectors = new Set(docs.map((doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex')))
        if (vectors.size !== 1) throw new Error(`state vectors differ: ${describeVectors(docs)}`)
        const snapshot = Y.snapshot(checker.doc)
        if (docs.some((doc) => !Y.equalSnapshots(Y.snapshot(doc), snapshot))) throw new Error('delete sets differ')
      }, { timeoutMs: 30_000, intervalMs: 100 })
      converged = true
    } catch (error) {
      convergenceError = (error as Error).message
    } finally {
      serverState = Y.encodeStateAsUpdate(checker.doc)
      checker.destroy()
    }
    const editsMade = editors.reduce((sum, editor) => sum + editor.sent.length, 0)
    const honestCloseCodes = editors.flatMap((editor) => editor.client.closeCodes)
    for (const editor of editors.splice(0)) editor.destroy()

    const exitCode = await server.stop()
    saveServerLogs(logName, server.output)
    const copy = copyDatabase(server.dataDir)
    let stored: StoredAudit
    let storedEqualsServer: boolean
    try {
      stored = auditStoredRows(copy.file)
      const fromDisk = loadStoredDoc(copy.file, FUZZ_ROOM)
      const expected = new Y.Doc()
      Y.applyUpdate(expected, serverState)
      storedEqualsServer =
        Buffer.from(Y.encodeStateVector(fromDisk)).equals(Buffer.from(Y.encodeStateVector(expected))) &&
        Y.equalSnapshots(Y.snapshot(fromDisk), Y.snapshot(expected)) &&
        JSON.stringify(markersOf(fromDisk)) === JSON.stringify(markersOf(expected))
    } finally {
      copy.dispose()
    }
    const cookies = [medecin, infirmier, coordination, social, observer].map((cookie) => cookie!.split('=')[1]!)
    return {
      fuzz,
      crashes,
      healthyAfter,
      exitCode,
      honestEdits: editsMade,
      honestCloseCodes,
      honestLatencyMs,
      converged,
      convergenceError,
      stored,
      storedEqualsServer,
      secretsInLogs: findSecrets(server.output.join(''), cookies),
    }
  } finally {
    for (const editor of editors.splice(0)) editor.destroy()
    await server.kill()
    server.dispose()
  }
}

/** Which client clocks differ between documents, for a failure message. */
function describeVectors(docs: Y.Doc[]): string {
  const maps = docs.map((doc) => Y.decodeStateVector(Y.encodeStateVector(doc)))
  const clients = new Set(maps.flatMap((map) => [...map.keys()]))
  const differing = [...clients].filter((client) => new Set(maps.map((map) => map.get(client) ?? 0)).size > 1)
  const pending = docs.map((doc) => (doc.store.pendingStructs ? 'pending' : '-') + (doc.store.pendingDs ? '+ds' : ''))
  return `${differing.map((client) => `${client}: ${maps.map((map) => map.get(client) ?? 0).join('/')}`).join(', ')} [${pending.join(' ')}] (checker first, then honest clients)`
}
