import { concat, round, summarize } from '../lib/stats.ts'
import { headline } from '../lib/headline.ts'
import { dataDir, mb, openSession, removeDir, split, type BenchContext, type Result, type Session } from '../lib/context.ts'
import { cpuSecondsOf, type ServerSpec } from '../lib/processes.ts'
import { cpuSpent } from '../lib/cluster-server.ts'
import type { RoomSpec } from '../generator/worker.ts'

export interface MeetingShape {
  variant: string
  rooms: number
  /** Full clients that type (the server's own client library on a Y.Doc). */
  typists: number
  /** Raw typists: pre-encoded updates from raw sockets, reading edit ids. */
  rawTypists: number
  /** Full clients that only apply what arrives. */
  fullReaders: number
  /** Raw sockets that only read edit ids. */
  readers: number
}

/**
 * Three meeting shapes at ~5 edits/s per typist. Every room keeps at least
 * one full client (a reference client that applies every update and must
 * converge with the server's state); typing elsewhere comes from raw typists
 * whose edits cost the generator one socket write each.
 * - full-clients: every participant a full client that types (300 edits/s);
 * - mostly-readers: big rooms, 3 raw typists, 1 reference client, 16 readers (300 edits/s);
 * - all-typing: issue 17's meeting, 20 × 8 all typing, 2 full + 6 raw typists that read (800 edits/s).
 */
export const MEETING_SHAPES: MeetingShape[] = [
  { variant: 'full-clients', rooms: 10, typists: 6, rawTypists: 0, fullReaders: 0, readers: 0 },
  { variant: 'mostly-readers', rooms: 20, typists: 0, rawTypists: 3, fullReaders: 1, readers: 16 },
  { variant: 'all-typing', rooms: 20, typists: 2, rawTypists: 6, fullReaders: 0, readers: 0 },
]

interface RunOutput {
  editsInWindow: number
  editsTotal: number
  windowSeconds: number
  latencies: Float64Array
  allArrived: Float64Array
  deliveriesInWindow: number
  expectedDeliveries: number
  missingDeliveries: number
  starvedTypists: number
}

export async function connectRooms(context: BenchContext, session: Session, shape: MeetingShape): Promise<void> {
  const names = await session.rooms(shape.rooms, shape.variant)
  const specs: RoomSpec[] = names.map((room, index) => ({
    room,
    typists: shape.typists,
    rawTypists: shape.rawTypists,
    fullReaders: shape.fullReaders,
    readers: shape.readers,
    seed: index + 1,
  }))
  await Promise.all(split(specs, context.generators.length).map((rooms, index) => context.generators[index]!.call('meeting-connect', { target: session.target, rooms })))
}

/** One timed run at a rate on rooms already connected; figures over the measurement window. */
export async function runStep(
  context: BenchContext,
  session: Session,
  options: { ratePerTypist: number; warmupMs: number; durationMs: number; drainMs: number },
) {
  const cpuBefore = session.server.cpuSeconds()
  const costsBefore = session.server.costs?.()
  const generatorCpuBefore = context.generators.reduce((sum, g) => sum + cpuSecondsOf(g.pid), 0)
  const wallBefore = performance.now()
  const outputs = await Promise.all(context.generators.map((generator) => generator.call<RunOutput>('meeting-run', options)))
  const wallSeconds = (performance.now() - wallBefore) / 1000
  const cpuSeconds = session.server.cpuSeconds() - cpuBefore
  const costsAfter = session.server.costs?.()
  const generatorCpuSeconds = context.generators.reduce((sum, g) => sum + cpuSecondsOf(g.pid), 0) - generatorCpuBefore
  const windowSeconds = options.durationMs / 1000
  const editsInWindow = outputs.reduce((sum, o) => sum + o.editsInWindow, 0)
  const editsTotal = outputs.reduce((sum, o) => sum + o.editsTotal, 0)
  const allArrived = concat(outputs.map((o) => o.allArrived))
  const latency = summarize(concat(outputs.map((o) => o.latencies)))
  const perEdit = (seconds: number) => round((Math.max(0, seconds) / Math.max(1, editsTotal)) * 1e6, 1)
  // A cluster's nodes are "the server"; nginx and PostgreSQL, which a single node does without, apart.
  const clusterCosts =
    costsBefore && costsAfter
      ? {
          nginxCpuUsPerEdit: perEdit(cpuSpent(costsBefore.nginx, costsAfter.nginx)),
          postgresCpuUsPerEdit: perEdit(cpuSpent(costsBefore.postgres, costsAfter.postgres)),
        }
      : {}
  return {
    ratePerTypist: options.ratePerTypist,
    offeredEditsPerSec: round(editsInWindow / windowSeconds, 1),
    deliveredEditsPerSec: round(allArrived.length / windowSeconds, 1),
    deliveriesPerSec: round(outputs.reduce((sum, o) => sum + o.deliveriesInWindow, 0) / windowSeconds, 0),
    latencyMs: latency,
    allArrivedMs: summarize(allArrived),
    missingDeliveries: outputs.reduce((sum, o) => sum + o.missingDeliveries, 0),
    starvedTypists: outputs.reduce((sum, o) => sum + o.starvedTypists, 0),
    serverCpuPercent: round((cpuSeconds / wallSeconds) * 100, 1),
    serverCpuUsPerEdit: perEdit(cpuSeconds),
    ...clusterCosts,
    /** Every generator process together, % of one core. */
    generatorCpuPercent: round((generatorCpuSeconds / wallSeconds) * 100, 1),
    editsTotal,
  }
}

export async function verifyAndClose(context: BenchContext, session: Session): Promise<{ failures: string[]; drops: number }> {
  const fromServer = session.target.kind !== 'relay'
  const verified = await Promise.all(context.generators.map((g) => g.call<{ failures: string[] }>('meeting-verify', { fromServer }, 180_000)))
  const closed = await Promise.all(context.generators.map((g) => g.call<{ drops: number }>('meeting-close', {})))
  return { failures: verified.flatMap((v) => v.failures), drops: closed.reduce((sum, c) => sum + c.drops, 0) }
}

export async function meetingScenario(context: BenchContext, spec: ServerSpec): Promise<Result[]> {
  const results: Result[] = []
  // BENCH_MEETING_VARIANTS=mostly-readers,… runs only those shapes (profiling one shape).
  const only = process.env.BENCH_MEETING_VARIANTS?.split(',')
  for (const shape of MEETING_SHAPES.filter((candidate) => !only || only.includes(candidate.variant))) {
    const dir = dataDir(context, spec.label)
    const session = await openSession(spec, dir)
    try {
      await connectRooms(context, session, shape)
      const step = await runStep(context, session, {
        ratePerTypist: 5,
        warmupMs: context.quick ? 1000 : context.full ? 3000 : 2000,
        durationMs: context.quick ? 4000 : context.full ? 30_000 : 12_000,
        drainMs: 5000,
      })
      const { failures, drops } = await verifyAndClose(context, session)
      if (step.missingDeliveries > 0) failures.push(`${step.missingDeliveries} deliveries never arrived`)
      if (step.starvedTypists > 0) failures.push(`${step.starvedTypists} raw typists ran out of prepared edits`)
      const participants = shape.typists + shape.rawTypists + shape.fullReaders + shape.readers
      const peakRssMB = mb(session.server.peakRssKb())
      results.push({
        server: spec.label,
        scenario: 'meeting',
        variant: shape.variant,
        ok: failures.length === 0,
        failures,
        rooms: shape.rooms,
        participantsPerRoom: participants,
        typistsPerRoom: shape.typists + shape.rawTypists,
        fullTypistsPerRoom: shape.typists,
        rawTypistsPerRoom: shape.rawTypists,
        ...step,
        drops,
        peakRssMB,
        idleRssMB: mb(session.idleRssKb),
        startupPeakRssMB: mb(session.startupPeakRssKb),
        ...headline({ p99: step.latencyMs.p99, cpuUsPerEdit: step.serverCpuUsPerEdit, rssPeakMB: peakRssMB, rssIdleMB: mb(session.idleRssKb), sustainedEditsPerS: null }),
      })
      context.log(`  meeting ${shape.variant}: p50 ${step.latencyMs.p50} p99 ${step.latencyMs.p99} ms, ${step.deliveredEditsPerSec} edits/s, cpu ${step.serverCpuPercent}% (generators ${step.generatorCpuPercent}%)${failures.length ? ` FAILED: ${failures.slice(0, 3).join('; ')}` : ''}`)
    } finally {
      await session.server.stop()
      removeDir(dir)
    }
  }
  return results
}
