import { describe, expect, it } from 'vitest'
import { runKillTrials, summarizeKillTrials } from '../kill-trials.ts'
import { recordFigures } from '../report.ts'

const TRIALS = Number(process.env.KILL_TRIALS ?? 20)
const SEED = Number(process.env.FAULT_SEED ?? 20_250_101)

describe('kill -9 at random moments under load (full)', () => {
  it(`loses none of the updates clients had received, over ${TRIALS} seeded trials`, async () => {
    const records = await runKillTrials({ trials: TRIALS, seed: SEED, minKillMs: 200, maxKillMs: 4_000, logName: 'kill-random-full' })
    const summary = summarizeKillTrials(records)
    recordFigures('kill-random-full', { seed: SEED, ...summary })
    expect(records).toHaveLength(TRIALS)
    // Zero lost of zero received would prove nothing.
    expect(summary.receivedBeforeKill).toBeGreaterThan(0)
    expect(summary.lost).toBe(0)
    expect(summary.trialsWithLoss).toBe(0)
    expect(summary.missingAfterReconnect).toBe(0)
    expect(summary.storedRowProblems).toBe(0)
  })
})
