import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { connectRooms, runStep, verifyAndClose, type MeetingShape } from './meeting.ts'
import { dataDir, mb, openSession, removeDir, type BenchContext, type Result } from '../lib/context.ts'
import { summarizeProfile } from '../lib/profile.ts'
import type { ServerSpec } from '../lib/processes.ts'

/** 20 rooms × 10 participants: 2 typing full clients, 8 reading the edit id. */
const SHAPE: MeetingShape = { variant: 'saturation', rooms: 20, typists: 2, fullReaders: 0, readers: 8 }
/** Per typist; × 40 typists = 200 … 6,000 edits/s offered. */
const RATES = [5, 10, 20, 30, 45, 60, 80, 100, 125, 150]
const FIXED_RATE = 10
const P99_LIMIT_MS = 50

let concertoSustainedRate: number | null = null

/**
 * Raises the edit rate step by step on the same connections until p99 passes
 * 50 ms (or the generators cannot deliver what is offered); reports the
 * highest delivered edits/s below the limit and the server CPU per edit at
 * a fixed 400 edits/s.
 */
export async function saturationScenario(context: BenchContext, spec: ServerSpec): Promise<Result[]> {
  const dir = dataDir(context, spec.label)
  const session = await openSession(spec, dir)
  const steps: Awaited<ReturnType<typeof runStep>>[] = []
  const failures: string[] = []
  let generatorLimited = false
  let peakRssMB = 0
  try {
    await connectRooms(context, session, SHAPE)
    for (const rate of RATES) {
      const step = await runStep(context, session, { ratePerTypist: rate, warmupMs: 1000, durationMs: context.full ? 8000 : 5000, drainMs: 4000 })
      steps.push(step)
      context.log(
        `  ${rate}/typist: offered ${step.offeredEditsPerSec}, delivered ${step.deliveredEditsPerSec} edits/s, p99 ${step.latencyMs.p99} ms, cpu ${step.serverCpuPercent}% (generators ${step.generatorCpuPercent}%)`,
      )
      if (step.latencyMs.p99 > P99_LIMIT_MS || step.deliveredEditsPerSec < 0.9 * step.offeredEditsPerSec || step.missingDeliveries > 0) break
      // The generators could not offer what was asked: going higher measures them, not the server.
      if (step.offeredEditsPerSec < 0.85 * rate * SHAPE.rooms * SHAPE.typists) {
        generatorLimited = true
        break
      }
    }
    const closed = await verifyAndClose(context, session)
    failures.push(...closed.failures)
    peakRssMB = mb(session.server.peakRssKb())
  } finally {
    await session.server.stop()
    removeDir(dir)
  }
  const passing = steps.filter((s) => s.latencyMs.p99 <= P99_LIMIT_MS && s.missingDeliveries === 0 && s.deliveredEditsPerSec >= 0.9 * s.offeredEditsPerSec)
  const best = passing.reduce<(typeof steps)[number] | null>((top, s) => (!top || s.deliveredEditsPerSec > top.deliveredEditsPerSec ? s : top), null)
  const fixed = steps.find((s) => s.ratePerTypist === FIXED_RATE)
  if (spec.label === 'concerto') concertoSustainedRate = best?.ratePerTypist ?? RATES[0]!
  const last = steps[steps.length - 1]
  return [
    {
      server: spec.label,
      scenario: 'saturation',
      ok: failures.length === 0,
      failures,
      shape: SHAPE,
      sustainedEditsPerSec: best?.deliveredEditsPerSec ?? 0,
      sustainedP99Ms: best?.latencyMs.p99,
      sustainedCpuPercent: best?.serverCpuPercent,
      firstFailingStep: last && last !== best ? { ratePerTypist: last.ratePerTypist, offered: last.offeredEditsPerSec, delivered: last.deliveredEditsPerSec, p99: last.latencyMs.p99 } : null,
      cpuUsPerEditAtFixedRate: fixed?.serverCpuUsPerEdit,
      cpuPercentAtFixedRate: fixed?.serverCpuPercent,
      generatorLimited,
      peakRssMB,
      steps: steps.map((s) => ({ ratePerTypist: s.ratePerTypist, offered: s.offeredEditsPerSec, delivered: s.deliveredEditsPerSec, latencyMs: s.latencyMs, cpuPercent: s.serverCpuPercent, cpuUsPerEdit: s.serverCpuUsPerEdit, generatorCpuPercent: s.generatorCpuPercent })),
    },
  ]
}

/** Concerto under `node --cpu-prof` at its highest sustained rate; top self-time functions. */
export async function profileScenario(context: BenchContext, spec: ServerSpec): Promise<Result[]> {
  const dir = dataDir(context, `${spec.label}-profile`)
  const profileDir = join(dir, 'profile')
  const rate = concertoSustainedRate ?? 30
  const session = await openSession(spec, dir, {}, ['--cpu-prof', '--cpu-prof-dir', profileDir])
  let step: Awaited<ReturnType<typeof runStep>> | null = null
  try {
    await connectRooms(context, session, SHAPE)
    step = await runStep(context, session, { ratePerTypist: rate, warmupMs: 1000, durationMs: 12_000, drainMs: 4000 })
    await verifyAndClose(context, session)
  } finally {
    await session.server.stop()
  }
  // One profile per thread (the WAL checkpoint worker has its own): the event loop's is the largest.
  const file = readdirSync(profileDir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort((a, b) => statSync(join(profileDir, b)).size - statSync(join(profileDir, a)).size)[0]
  if (!file) {
    removeDir(dir)
    return [{ server: spec.label, scenario: 'profile', ok: false, failures: ['no .cpuprofile written'] }]
  }
  const summary = summarizeProfile(JSON.parse(readFileSync(join(profileDir, file), 'utf8')))
  removeDir(dir)
  context.log(`  profile at ${rate}/typist: busy ${summary.busyMs} ms of ${summary.totalMs} ms`)
  for (const row of summary.top.slice(0, 15)) context.log(`    ${row.percentOfBusy.toFixed(1).padStart(5)} %  ${row.name}  ${row.where}`)
  for (const row of summary.byPackage.slice(0, 10)) context.log(`    ${row.percentOfBusy.toFixed(1).padStart(5)} %  [${row.name}]`)
  return [{ server: spec.label, scenario: 'profile', ok: true, ratePerTypist: rate, step, ...summary }]
}
