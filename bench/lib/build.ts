import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
// @ts-expect-error plain ESM build script shared with npm start
import { buildServer, isServerStale } from '../../scripts/server-build.mjs'
import { ROOT } from './processes.ts'

/** Where the benchmark's compiled peers and generator go (inside the repository, so node_modules resolves). */
export const BENCH_OUT_DIR = join(ROOT, 'dist', 'bench')

/**
 * Every process the benchmark starts runs compiled JavaScript with plain
 * node, as production does (`npm start`): Concerto's own build
 * (dist/server/main.js, rebuilt when stale), and the peers and the
 * generator bundled the same way (packages external). No TypeScript loader
 * in any measured process: the tsx loader alone holds ~33 MB.
 */
export async function buildBenchTargets(log: (line: string) => void): Promise<void> {
  if (isServerStale()) await buildServer({ log })
  mkdirSync(BENCH_OUT_DIR, { recursive: true })
  await build({
    absWorkingDir: ROOT,
    entryPoints: {
      hocuspocus: 'bench/servers/hocuspocus.ts',
      'y-websocket': 'bench/servers/y-websocket.ts',
      relay: 'bench/servers/relay.ts',
      generator: 'bench/generator/worker.ts',
    },
    outdir: BENCH_OUT_DIR,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    logLevel: 'warning',
  })
}
