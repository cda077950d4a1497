import { describe, expect, it } from 'vitest'
import { hostileRun } from './hostile-run.ts'
import { HOSTILE_KINDS } from './hostile-frames.ts'
import { recordFigures } from './report.ts'

// Bounded for `npm test`; the 100k-frame run is test/faults/full/hostile-frames.test.ts.
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 20_000)
/**
 * The count is the property, the time only a safety bound: almost every fuzz
 * socket is closed after one or two frames, so the run costs a connection per
 * frame or two and is CPU-bound (server profile: sync step 1 answers, upgrade
 * and session checks, audit rows). Alone it takes about 20 s; on two shared
 * cores under load the same harness processed 11,000 to 16,000 frames in 50 s
 * with the code before the sync budgets and after them alike. The run stops
 * as soon as the count is reached.
 */
const TIME_BUDGET_MS = 150_000
/** Floods alone could make up the total: this many frames must be malformed or mutated ones. */
const MIN_HOSTILE = Math.round(FRAMES * 0.4)
const SEED = Number(process.env.FAULT_SEED ?? 20_250_101)

describe('hostile frames against a running server (quick)', () => {
  it(`survives ${FRAMES} seeded hostile frames while honest clients keep syncing, and stores nothing malformed`, async () => {
    const result = await hostileRun({ seed: SEED, frames: FRAMES, minHostileFrames: MIN_HOSTILE, timeBudgetMs: TIME_BUDGET_MS, logName: 'hostile-frames-quick', floodEvery: 2_500, floodFrames: 2_500, oversizedEvery: 2_000 })
    recordFigures('hostile-frames-quick', { seed: SEED, ...result, stored: { ...result.stored, problems: result.stored.problems.slice(0, 5) } })
    expect(result.crashes).toBe(0)
    expect(result.healthyAfter).toBe(true)
    expect(result.exitCode).toBe(0)
    expect(result.fuzz.framesProcessed).toBeGreaterThanOrEqual(FRAMES)
    expect(result.fuzz.hostileProcessed).toBeGreaterThanOrEqual(MIN_HOSTILE)
    // Every hostile kind was really exercised, not only the commonest.
    for (const kind of HOSTILE_KINDS.filter((k) => k !== 'text' && k !== 'empty')) {
      expect(result.fuzz.processedByKind[kind] ?? 0, kind).toBeGreaterThanOrEqual(Math.round(MIN_HOSTILE / 40))
    }
    expect(result.fuzz.floods).toBeGreaterThan(0)
    expect(result.fuzz.oversized).toBeGreaterThan(0)
    expect(result.fuzz.refused).toBe(0)
    expect(result.fuzz.unclosed).toBe(0)
    expect(result.fuzz.closeCodes['4500'] ?? 0).toBe(0)
    expect(result.convergenceError).toBe('')
    expect(result.honestCloseCodes).toEqual([])
    expect(result.stored.problems).toEqual([])
    expect(result.stored.quarantined).toBe(0)
    expect(result.storedEqualsServer).toBe(true)
    expect(result.secretsInLogs).toEqual([])
    // The run, then up to 30 s of convergence checks and the stored-rows audit.
  }, TIME_BUDGET_MS + 90_000)
})
