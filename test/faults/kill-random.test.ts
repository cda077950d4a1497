import { describe, expect, it } from 'vitest'
import { runKillTrials, summarizeKillTrials } from './kill-trials.ts'
import { recordFigures } from './report.ts'

// The bounded version for `npm test`; 20 trials run in test/faults/full/.
const TRIALS = Number(process.env.KILL_TRIALS ?? 3)
const SEED = Number(process.env.FAULT_SEED ?? 20_250_101)

describe('kill -9 at random moments under load (quick)', () => {
  it(`loses none of the updates clients had received, over ${TRIALS} seeded trials`, async () => {
    const records = await runKillTrials({ trials: TRIALS, seed: SEED, logName: 'kill-random-quick' })
    const summary = summarizeKillTrials(records)
    recordFigures('kill-random-quick', { seed: SEED, ...summary })
    expect(records).toHaveLength(TRIALS)
    expect(summary.receivedBeforeKill).toBeGreaterThan(0)
    expect(records.map((r) => r.lost)).toEqual(records.map(() => 0))
    expect(summary.missingAfterReconnect).toBe(0)
    expect(summary.storedRowProblems).toBe(0)
  }, 180_000)
})
