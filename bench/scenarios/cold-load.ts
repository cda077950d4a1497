import { headline } from '../lib/headline.ts'
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateHistory, writeUpdates, type History } from '../lib/history.ts'
import { round } from '../lib/stats.ts'
import { dataDir, mb, openSession, removeDir, type BenchContext, type Result, type Session } from '../lib/context.ts'
import type { ServerSpec } from '../lib/processes.ts'
import type { Target } from '../generator/clients.ts'

const UPDATES = 100_000
let cached: { history: History; file: string } | null = null

function history(context: BenchContext) {
  if (!cached) {
    const started = performance.now()
    const generated = generateHistory({ count: UPDATES, writers: 6 })
    const file = join(context.scratch, 'history.bin')
    writeUpdates(file, generated.updates)
    cached = { history: generated, file }
    context.log(`  generated ${UPDATES} updates from 6 writers in ${Math.round(performance.now() - started)} ms: ${generated.finalText.length} chars, ${generated.encodedBytes} bytes encoded`)
  }
  return cached
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return round(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN)
}

interface Synced {
  syncedMs: number
  length: number
  encodedBytes: number
}
interface Raw {
  openMs: number
  firstSyncMs: number
  step2Ms: number
  step2Bytes: number
}

/**
 * Cold load: a plan with 100k updates from six writers is written through
 * the server, the server restarts, and a client measures connect → synced
 * (stock client, applying the document) and, on another restart, a raw
 * client's socket open → first sync frame and → first step 2 (the server's
 * load time seen from the client). Concerto is measured on its 100k-row log
 * as left by a crash right after the writes (uncompacted; that load compacts
 * it) and after compaction.
 */
export async function coldLoadScenario(context: BenchContext, spec: ServerSpec): Promise<Result[]> {
  if (spec.kind === 'yws') return []
  const { history: generated, file } = history(context)
  const reps = context.full ? 3 : 1
  const dir = dataDir(context, spec.label)
  const [generator] = context.generators
  const failures: string[] = []
  const figures: Record<string, unknown> = { updates: UPDATES, writers: 6, encodedBytes: generated.encodedBytes, chars: generated.finalText.length }
  let room = 'cold-plan'
  let cookieTarget: Target | null = null

  const restart = async (at: string): Promise<Session> => {
    const session = await openSession(spec, at)
    cookieTarget = session.target
    return session
  }
  const measure = async (at: string, raw: boolean, expectedLength: number): Promise<{ value: Synced | Raw; peakRssMB: number }> => {
    const session = await restart(at)
    try {
      const value = await generator!.call<Synced | Raw>('cold-connect', { target: session.target, room, raw, expectedLength }, 180_000)
      if (!raw && (value as Synced).length !== expectedLength) failures.push(`synced ${(value as Synced).length} chars, expected ${expectedLength}`)
      return { value, peakRssMB: mb(session.server.peakRssKb()) }
    } finally {
      await session.server.stop()
    }
  }

  try {
    if (spec.kind === 'relay') {
      const snapshots = join(dir, 'snapshots')
      mkdirSync(snapshots, { recursive: true })
      writeFileSync(join(snapshots, `${encodeURIComponent(room)}.bin`), generated.state)
      const relaySpec = { ...spec, env: { ...spec.env, SNAPSHOT_DIR: snapshots } }
      const synced: number[] = []
      const step2: number[] = []
      for (let rep = 0; rep < reps; rep++) {
        const session = await openSession(relaySpec, dir)
        try {
          const full = await generator!.call<Synced>('cold-connect', { target: session.target, room, raw: false, expectedLength: generated.finalText.length })
          const raw = await generator!.call<Raw>('cold-connect', { target: session.target, room, raw: true })
          synced.push(full.syncedMs)
          step2.push(raw.step2Ms)
        } finally {
          await session.server.stop()
        }
      }
      figures.compacted = { syncedMs: median(synced), step2Ms: median(step2), firstSyncMs: median(step2), samples: { synced, step2 } }
    } else {
      // 1. Ingest the history through the server (Concerto keeps it as a 100k-row log).
      const ingestEnv: Record<string, string> = spec.kind === 'concerto' ? { COMPACT_AFTER: '10000000' } : {}
      const session = await openSession(spec, dir, ingestEnv)
      try {
        if (spec.kind === 'concerto') room = (await session.rooms(1, 'cold'))[0]!
        const perConnection = spec.kind === 'concerto' ? 1900 : UPDATES
        const loaded = await generator!.call<{ ms: number }>('load-history', { target: session.target, room, file, perConnection }, 600_000)
        const done = await generator!.call<{ ok: boolean; lastLength?: number }>(
          'await-text',
          { target: session.target, room, expected: generated.finalText, timeoutMs: 180_000 },
          200_000,
        )
        if (!done.ok) failures.push(`server never held the full history (last ${done.lastLength} chars)`)
        figures.ingestMs = round(loaded.ms, 0)
        figures.ingestUpdatesPerSec = round(UPDATES / (loaded.ms / 1000), 0)
        // Concerto: a crash (kill -9) right away keeps the 100k-row log as written (a clean stop, or
        // the unload 1 s after the last client leaves, would compact it). Hocuspocus stores after its
        // debounce or when the last client leaves, so it gets time and a clean stop.
        if (spec.kind === 'concerto') await session.server.crash()
        else await new Promise((resolve) => setTimeout(resolve, 3000))
      } finally {
        await session.server.stop()
      }
      const length = generated.finalText.length
      if (spec.kind === 'concerto') {
        const copy = `${dir}-uncompacted`
        cpSync(dir, copy, { recursive: true })
        const rawUncompacted = await measure(copy, true, length)
        removeDir(copy)
        const syncedUncompacted = await measure(dir, false, length)
        figures.uncompacted = {
          syncedMs: round((syncedUncompacted.value as Synced).syncedMs),
          step2Ms: round((rawUncompacted.value as Raw).step2Ms),
          firstSyncMs: round((rawUncompacted.value as Raw).firstSyncMs),
        }
        // Let the unload compaction of that first load finish before measuring the compacted store.
      }
      const synced: number[] = []
      const step2: number[] = []
      const firstSync: number[] = []
      let step2Bytes = 0
      let peakRssMB = 0
      for (let rep = 0; rep < reps; rep++) {
        const full = await measure(dir, false, length)
        synced.push(round((full.value as Synced).syncedMs))
        const raw = await measure(dir, true, length)
        step2.push(round((raw.value as Raw).step2Ms))
        firstSync.push(round((raw.value as Raw).firstSyncMs))
        step2Bytes = (raw.value as Raw).step2Bytes
        peakRssMB = Math.max(peakRssMB, full.peakRssMB)
      }
      figures.compacted = { syncedMs: median(synced), step2Ms: median(step2), firstSyncMs: median(firstSync), step2Bytes, samples: { synced, step2 } }
      figures.peakRssMB = peakRssMB
    }
  } catch (error) {
    failures.push((error as Error).message)
  } finally {
    removeDir(dir)
  }
  void cookieTarget
  const compacted = figures.compacted as { syncedMs?: number; step2Ms?: number } | undefined
  context.log(`  cold load: synced ${compacted?.syncedMs} ms, step 2 ${compacted?.step2Ms} ms${failures.length ? ` FAILED: ${failures.join('; ')}` : ''}`)
  const rssPeakMB = typeof figures.peakRssMB === 'number' ? figures.peakRssMB : null
  return [{ server: spec.label, scenario: 'cold-load', ok: failures.length === 0, failures, ...figures, ...headline({ p99: null, cpuUsPerEdit: null, rssPeakMB, rssIdleMB: null, sustainedEditsPerS: null }) }]
}
