import { dataDir, mb, openSession, removeDir, type BenchContext, type Result, type Session } from '../lib/context.ts'
import { sleep, type ServerSpec } from '../lib/processes.ts'
import { round } from '../lib/stats.ts'
import { headline } from '../lib/headline.ts'

const PLANS = 100
const QUICK_PLANS = 10

/**
 * RSS per loaded plan: 100 rooms each holding a copy of Concerto's Monsieur X
 * demo plan are written, the server restarts (a cold process), one reader per
 * room loads them all, then leaves; memory returned = loaded − 5 s after
 * the last client left. RSS is read again 30 s after they left: V8's memory
 * reducer gives pages back only once the process has been quiet ~8 s or
 * more, so the 5 s reading says more about its timer than about the server.
 * The reference server has no storage: it is measured without a restart,
 * and keeps every document in memory by design.
 */
export async function memoryScenario(context: BenchContext, spec: ServerSpec): Promise<Result[]> {
  if (spec.kind === 'relay') return []
  const [generator] = context.generators
  const dir = dataDir(context, spec.label)
  let session: Session | null = await openSession(spec, dir)
  try {
    if (!context.demoPlanState) {
      if (spec.kind !== 'concerto') throw new Error('run Concerto first: the memory scenario copies its demo plan')
      context.demoPlanState = await generator!.call<Uint8Array>('read-state', { target: session.target, room: 'monsieur-x' })
    }
    const state = context.demoPlanState
    const plans = context.quick ? QUICK_PLANS : PLANS
    const rooms = await session.rooms(plans, 'memory')
    let baselineKb = session.server.rssKb()
    await generator!.call('populate', { target: session.target, rooms, state, settleMs: 1500 })
    if (spec.kind !== 'yws') {
      await sleep(3000)
      await session.server.stop()
      // Sessions are stored: each room's member keeps its cookie across the restart.
      const cookies = session.target.cookies
      session = await openSession(spec, dir)
      if (cookies) session.target.cookies = { ...cookies }
      await sleep(1500)
      baselineKb = session.server.rssKb()
    }
    await generator!.call('hold', { target: session.target, rooms })
    await sleep(1000)
    const loadedKb = session.server.rssKb()
    await generator!.call('release', {})
    await sleep(5000)
    const afterKb = session.server.rssKb()
    await sleep(context.quick ? 0 : 25_000)
    const settledKb = session.server.rssKb()
    const rssKbPerPlan = round((loadedKb - baselineKb) / plans, 1)
    context.log(`  memory: ${rssKbPerPlan} KB per plan (${state.byteLength} bytes encoded), ${Math.round(loadedKb - afterKb)} KB returned at 5 s, ${Math.round(loadedKb - settledKb)} KB at 30 s`)
    return [
      {
        server: spec.label,
        scenario: 'memory',
        ok: true,
        plans,
        planEncodedBytes: state.byteLength,
        baselineRssMB: round(baselineKb / 1024, 1),
        loadedRssMB: round(loadedKb / 1024, 1),
        afterLeaveRssMB: round(afterKb / 1024, 1),
        rssKbPerPlan,
        returnedKb: Math.round(loadedKb - afterKb),
        /** Issue 17: after the last client leaves, memory within 10 % of where it started (baseline → 5 s after). */
        afterLeaveVsBaseline: round(afterKb / baselineKb, 3),
        /** The same 30 s after the last client left (5 s under --quick). */
        afterLeave30sRssMB: round(settledKb / 1024, 1),
        afterLeave30sVsBaseline: round(settledKb / baselineKb, 3),
        ...headline({ p99: null, cpuUsPerEdit: null, rssPeakMB: mb(session.server.peakRssKb()), rssIdleMB: round(baselineKb / 1024, 1), sustainedEditsPerS: null }),
      },
    ]
  } finally {
    await session?.server.stop()
    removeDir(dir)
  }
}
