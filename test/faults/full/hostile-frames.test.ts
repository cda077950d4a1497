import { describe, expect, it } from 'vitest'
import { hostileRun } from '../hostile-run.ts'
import { HOSTILE_KINDS } from '../hostile-frames.ts'
import { recordFigures } from '../report.ts'

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 100_000)
/** Floods alone could make up the total: this many frames must be malformed or mutated ones. */
const MIN_HOSTILE = Math.round(FRAMES * 0.5)
const SEED = Number(process.env.FAULT_SEED ?? 20_250_101)

describe('hostile frames against a running server (full)', () => {
  it(`survives ${FRAMES} seeded hostile frames while honest clients keep syncing, and stores nothing malformed`, async () => {
    const result = await hostileRun({ seed: SEED, frames: FRAMES, minHostileFrames: MIN_HOSTILE, timeBudgetMs: 420_000, logName: 'hostile-frames-full', floodEvery: 2_500, floodFrames: 3_000, oversizedEvery: 5_000 })
    recordFigures('hostile-frames-full', { seed: SEED, ...result, stored: { ...result.stored, problems: result.stored.problems.slice(0, 5) } })
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
  })
})
