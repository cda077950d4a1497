import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'

const serverPort = Number(process.env.PORT ?? 8787)

const EXCLUDED = ['node_modules/**', 'dist/**', 'test/faults/full/**']

/**
 * Tests of the SQLite file itself, run on SQLite only: damaged snapshots, the
 * online backup and restore scripts, and the fault runs that count what a
 * killed or flooded server left in its file. Their PostgreSQL counterparts:
 * pg_dump (docs/operations.md) and the cluster's kill, freeze and cut trials
 * (test/cluster/), which count what is in PostgreSQL.
 */
const SQLITE_FILE_TESTS = [
  'test/faults/corruption.test.ts',
  'test/faults/backup.test.ts',
  'test/faults/kill-random.test.ts',
  'test/faults/hostile-frames.test.ts',
  'server/http/restore.test.ts',
  // Compaction over the SQLite document store: the data layer's engine plays no part.
  'server/extensions/persist.test.ts',
]

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/healthz': `http://127.0.0.1:${serverPort}`,
      '/sync': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
  test: {
    // The client's root is client/; tests are found from the repository root.
    root: fileURLToPath(new URL('.', import.meta.url)),
    exclude: EXCLUDED,
    globalSetup: ['test/global-setup.ts'],
    // On a failure, the end of each spawned server's output (test/helpers/failure-logs.ts).
    setupFiles: ['test/helpers/failure-logs.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    // The whole suite runs on both engines of the data layer (issue 21): every test once on SQLite,
    // and the server's tests again with their rows in PostgreSQL (test/helpers/test-store.ts). The
    // tests that pick their engines themselves (storage, cluster) and the client's run once.
    //
    // The local-cluster trials (test/cluster: three nodes, nginx, 20 kill -9 of the owner timed
    // against the lease) run last and alone: sharing the two cores with the rest of the suite,
    // a live node's lease renewals and the clients' reconnections slowed enough to push one
    // trial past its bound (recovery 5.2 s for 4.5 s), which measures the machine, not failover.
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'test/**/*.test.ts', 'client/**/*.test.ts'],
          exclude: [...EXCLUDED, 'test/cluster/**'],
        },
      },
      { extends: true, test: { name: 'cluster', include: ['test/cluster/**/*.test.ts'], maxWorkers: 1, sequence: { groupOrder: 1 } } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['server/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...EXCLUDED, 'server/storage/**', 'server/cluster/**', 'test/cluster/**', ...SQLITE_FILE_TESTS],
          env: { CONCERTO_TEST_STORE: 'postgres' },
        },
      },
    ],
  },
})
