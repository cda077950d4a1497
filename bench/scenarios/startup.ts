import { dataDir, mb, removeDir, type BenchContext, type Result } from '../lib/context.ts'
import { sleep, startServer, type ServerSpec } from '../lib/processes.ts'
import { headline } from '../lib/headline.ts'

/** Seconds after the server first answers at which its RSS is read. */
const SAMPLES_S = [1, 5, 15, 30]
const QUICK_SAMPLES_S = [1, 5]

/**
 * Idle memory of a fresh server (issue 17: ≤ 70 MB with the demo): started
 * on an empty data folder (Concerto seeds its demo), no client at all, RSS
 * read at 1, 5, 15 and 30 s. V8 gives back start-up garbage only once the
 * process has been quiet a while (its memory reducer), so the figure of
 * record, `rssIdleMB`, is the last sample; the earlier ones show the slope.
 */
export async function startupScenario(context: BenchContext, spec: ServerSpec): Promise<Result[]> {
  const dir = dataDir(context, `${spec.label}-startup`)
  const server = await startServer({ ...spec, dataDir: dir })
  const samples: Record<string, number> = {}
  let peakMB: number | null = null
  try {
    const started = performance.now()
    for (const at of context.quick ? QUICK_SAMPLES_S : SAMPLES_S) {
      await sleep(Math.max(0, at * 1000 - (performance.now() - started)))
      samples[`${at}s`] = mb(server.rssKb())
    }
    peakMB = mb(server.peakRssKb())
  } finally {
    await server.stop()
    removeDir(dir)
  }
  const last = Object.values(samples).at(-1) ?? null
  context.log(`  startup: RSS ${Object.entries(samples).map(([at, value]) => `${value} MB at ${at}`).join(', ')}`)
  return [
    {
      server: spec.label,
      scenario: 'startup',
      ok: true,
      rssMB: samples,
      ...headline({ p99: null, cpuUsPerEdit: null, rssPeakMB: peakMB, rssIdleMB: last, sustainedEditsPerS: null }),
    },
  ]
}
