import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

/**
 * The full fault run (`npm run test:faults`): 20 kill -9 trials, 100k hostile
 * frames, the larger connection storm. One file at a time, so the figures
 * are not disturbed by another suite on the same two cores.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['test/faults/full/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
})
