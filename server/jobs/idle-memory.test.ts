import { describe, expect, it } from 'vitest'
import { createLogger } from '../log.ts'
import { idleGcFromEnv, startIdleMemoryJob } from './idle-memory.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const until = async (condition: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(10)
  }
}

const recordingLogger = () => {
  const lines: string[] = []
  return { lines, log: createLogger({ level: 'debug', write: (line) => lines.push(line) }) }
}

describe('the idle memory job', () => {
  it('collects once after the server has been quiet for the given time, then waits for the next busy period', async () => {
    let busy = true
    const collectedAt: number[] = []
    const { log } = recordingLogger()
    const stop = startIdleMemoryJob({ busy: () => busy, log, quietMs: 100, checkEveryMs: 10, collect: () => collectedAt.push(Date.now()) })
    try {
      await sleep(150)
      expect(collectedAt).toEqual([])
      const quietFrom = Date.now()
      busy = false
      await until(() => collectedAt.length === 1)
      // Never before the quiet time has passed (a lower bound holds however loaded the machine is).
      expect(collectedAt[0]! - quietFrom).toBeGreaterThanOrEqual(100)
      await sleep(300)
      expect(collectedAt).toHaveLength(1)
      busy = true
      await sleep(50)
      busy = false
      await until(() => collectedAt.length === 2)
    } finally {
      stop()
    }
  })

  it('counts start-up as busy, so its garbage is collected once the fresh server is quiet', async () => {
    let collections = 0
    const stop = startIdleMemoryJob({ busy: () => false, log: recordingLogger().log, quietMs: 30, checkEveryMs: 10, collect: () => collections++ })
    try {
      await until(() => collections === 1)
      await sleep(100)
      expect(collections).toBe(1)
    } finally {
      stop()
    }
  })

  it("runs V8's own full collection without --expose-gc on the command line", async () => {
    expect(typeof (globalThis as { gc?: unknown }).gc === 'function' && process.execArgv.includes('--expose-gc')).toBe(false)
    const { lines, log } = recordingLogger()
    const stop = startIdleMemoryJob({ busy: () => false, log, quietMs: 20, checkEveryMs: 10 })
    try {
      await until(() => lines.some((line) => line.includes('idle: memory collected') || line.includes('idle collection not run')))
      expect(lines.some((line) => line.includes('idle: memory collected'))).toBe(true)
      expect(lines.some((line) => line.includes('idle collection not run'))).toBe(false)
    } finally {
      stop()
    }
  })

  it('reads IDLE_GC_MS, 0 turning it off, and refuses a value that is not a whole number of ms', () => {
    expect(idleGcFromEnv({})).toBe(10_000)
    expect(idleGcFromEnv({ IDLE_GC_MS: '0' })).toBe(0)
    expect(() => idleGcFromEnv({ IDLE_GC_MS: 'soon' })).toThrow(/IDLE_GC_MS/)
  })
})
