import { concat, round, summarize } from '../lib/stats.ts'
import { dataDir, mb, openSession, removeDir, split, type BenchContext, type Result, type Session } from '../lib/context.ts'
import { cpuSecondsOf, type ServerSpec } from '../lib/processes.ts'
import type { RoomSpec } from '../generator/worker.ts'

export interface MeetingShape {
  variant: string
  rooms: number
  typists: number
  fullReaders: number
  readers: number
}

/**
 * Two shapes of the same 300 edits/s: every participant a full client that
 * types and applies (the clients saturate a core first), and big rooms where
 * most participants only read the edit id.
 */
export const MEETING_SHAPES: MeetingShape[] = [
  { variant: 'full-clients', rooms: 10, typists: 6, fullReaders: 0, readers: 0 },
  { variant: 'mostly-readers', rooms: 20, typists: 3, fullReaders: 0, readers: 17 },
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
}

export async function connectRooms(context: BenchContext, session: Session, shape: MeetingShape): Promise<void> {
  const names = await session.rooms(shape.rooms, shape.variant)
  const specs: RoomSpec[] = names.map((room) => ({ room, typists: shape.typists, fullReaders: shape.fullReaders, readers: shape.readers }))
  await Promise.all(split(specs, context.generators.length).map((rooms, index) => context.generators[index]!.call('meeting-connect', { target: session.target, rooms })))
}

/** One timed run at a rate on rooms already connected; figures over the measurement window. */
export async function runStep(
  context: BenchContext,
  session: Session,
  options: { ratePerTypist: number; warmupMs: number; durationMs: number; drainMs: number },
) {
  const cpuBefore = session.server.cpuSeconds()
  const generatorCpuBefore = context.generators.reduce((sum, g) => sum + cpuSecondsOf(g.pid), 0)
  const wallBefore = performance.now()
  const outputs = await Promise.all(context.generators.map((generator) => generator.call<RunOutput>('meeting-run', options)))
  const wallSeconds = (performance.now() - wallBefore) / 1000
  const cpuSeconds = session.server.cpuSeconds() - cpuBefore
  const generatorCpuSeconds = context.generators.reduce((sum, g) => sum + cpuSecondsOf(g.pid), 0) - generatorCpuBefore
  const windowSeconds = options.durationMs / 1000
  const editsInWindow = outputs.reduce((sum, o) => sum + o.editsInWindow, 0)
  const editsTotal = outputs.reduce((sum, o) => sum + o.editsTotal, 0)
  const allArrived = concat(outputs.map((o) => o.allArrived))
  const latency = summarize(concat(outputs.map((o) => o.latencies)))
  return {
    ratePerTypist: options.ratePerTypist,
    offeredEditsPerSec: round(editsInWindow / windowSeconds, 1),
    deliveredEditsPerSec: round(allArrived.length / windowSeconds, 1),
    deliveriesPerSec: round(outputs.reduce((sum, o) => sum + o.deliveriesInWindow, 0) / windowSeconds, 0),
    latencyMs: latency,
    allArrivedMs: summarize(allArrived),
    missingDeliveries: outputs.reduce((sum, o) => sum + o.missingDeliveries, 0),
    serverCpuPercent: round((cpuSeconds / wallSeconds) * 100, 1),
    serverCpuUsPerEdit: round((cpuSeconds / Math.max(1, editsTotal)) * 1e6, 1),
    /** Both generator processes together, % of one core (the machine has two). */
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
  for (const shape of MEETING_SHAPES) {
    const dir = dataDir(context, spec.label)
    const session = await openSession(spec, dir)
    try {
      await connectRooms(context, session, shape)
      const step = await runStep(context, session, {
        ratePerTypist: 5,
        warmupMs: context.full ? 3000 : 2000,
        durationMs: context.full ? 30_000 : 12_000,
        drainMs: 5000,
      })
      const { failures, drops } = await verifyAndClose(context, session)
      if (step.missingDeliveries > 0) failures.push(`${step.missingDeliveries} deliveries never arrived`)
      const participants = shape.typists + shape.fullReaders + shape.readers
      results.push({
        server: spec.label,
        scenario: 'meeting',
        variant: shape.variant,
        ok: failures.length === 0,
        failures,
        rooms: shape.rooms,
        participantsPerRoom: participants,
        typistsPerRoom: shape.typists,
        ...step,
        drops,
        peakRssMB: mb(session.server.peakRssKb()),
      })
      context.log(`  meeting ${shape.variant}: p50 ${step.latencyMs.p50} p99 ${step.latencyMs.p99} ms, ${step.deliveredEditsPerSec} edits/s, cpu ${step.serverCpuPercent}% (generators ${step.generatorCpuPercent}%)${failures.length ? ` FAILED: ${failures.slice(0, 3).join('; ')}` : ''}`)
    } finally {
      await session.server.stop()
      removeDir(dir)
    }
  }
  return results
}
