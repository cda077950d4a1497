import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { forkGenerator, killChildren } from './lib/processes.ts'
import { SERVERS, type BenchContext, type Result } from './lib/context.ts'
import { printTable } from './lib/report.ts'
import { addRatios } from './lib/headline.ts'
import { buildBenchTargets } from './lib/build.ts'
import { meetingScenario } from './scenarios/meeting.ts'
import { coldLoadScenario } from './scenarios/cold-load.ts'
import { saturationScenario, profileScenario } from './scenarios/saturation.ts'
import { idleScenario } from './scenarios/idle.ts'
import { memoryScenario } from './scenarios/memory.ts'
import { startupScenario } from './scenarios/startup.ts'
import type { ServerSpec } from './lib/processes.ts'

/**
 * `npm run bench` — meeting and cold load for Concerto, Hocuspocus and the
 * relay. `-- --full`: every scenario, every server, and a CPU profile of
 * Concerto at saturation. `--quick`: whatever is chosen, at its shortest (a
 * smoke run: the figures are not for quoting). `--json FILE` writes one
 * object per server and scenario. `--scenarios a,b` and `--servers a,b`
 * narrow a run; `--generators N` sets the number of generator processes;
 * `--profile-rate R` profiles at R edits/s per typist (× 160 typists);
 * `--ignore-p99`: saturation climbs past p99 50 ms, while delivery keeps up
 * (what the generator can offer, on a machine too busy for latencies).
 * `--rates 20,40`: saturation runs only these rates per typist, each whatever
 * its p99 (issue 17's two fixed loads, repeated cheaply to see their spread).
 */
type Scenario = (context: BenchContext, spec: ServerSpec) => Promise<Result[]>
const SCENARIOS: Record<string, Scenario> = {
  meeting: meetingScenario,
  saturation: saturationScenario,
  'cold-load': coldLoadScenario,
  idle: idleScenario,
  memory: memoryScenario,
  startup: startupScenario,
  profile: profileScenario,
}

function parseArgs(argv: string[]) {
  const args = {
    full: false,
    quick: false,
    json: null as string | null,
    scenarios: null as string[] | null,
    servers: null as string[] | null,
    generators: defaultGenerators(),
    profileRate: null as number | null,
    ignoreP99: false,
    rates: null as number[] | null,
  }
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!
    const value = () => {
      const next = argv[++index]
      if (next === undefined) throw new Error(`${arg} needs a value`)
      return next
    }
    if (arg === '--full') args.full = true
    else if (arg === '--quick') args.quick = true
    else if (arg === '--ignore-p99') args.ignoreP99 = true
    else if (arg === '--generators') args.generators = positive(arg, value())
    else if (arg === '--profile-rate') args.profileRate = positive(arg, value())
    else if (arg === '--rates') args.rates = value().split(',').map((rate) => positive(arg, rate))
    else if (arg === '--json') args.json = resolve(process.cwd(), value())
    else if (arg === '--scenarios') args.scenarios = value().split(',')
    else if (arg === '--servers') args.servers = value().split(',')
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        `usage: npm run bench [-- --full] [--quick] [--json FILE] [--scenarios startup,meeting,saturation,cold-load,idle,memory,profile] [--servers ${Object.keys(SERVERS).join(',')}] [--generators N] [--profile-rate R] [--ignore-p99] [--rates R,R]\n`,
      )
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}`)
  }
  return args
}

const positive = (name: string, text: string) => {
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`)
  return value
}

/**
 * One generator process per core but one (the server needs its core), and
 * at least two: a room's participants share a generator, so its latencies
 * come from one clock; more processes spread the rooms.
 */
function defaultGenerators(): number {
  return Math.max(2, Math.min(6, cpus().length - 1))
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2))
  const scenarios = args.scenarios ?? (args.full ? ['startup', 'meeting', 'saturation', 'cold-load', 'idle', 'memory', 'profile'] : ['startup', 'meeting', 'cold-load'])
  const servers = args.servers ?? (args.full ? ['concerto', 'concerto-full', 'hocuspocus', 'yws', 'relay'] : ['concerto', 'hocuspocus', 'relay'])
  for (const name of scenarios) if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name}`)
  for (const name of servers) if (!SERVERS[name]) throw new Error(`unknown server ${name}`)

  const scratch = mkdtempSync(join(tmpdir(), 'concerto-bench-'))
  const started = Date.now()
  const log = (message: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`)
  // Every measured process runs compiled JavaScript with plain node, as `npm start` does.
  await buildBenchTargets(log)
  const generators = Array.from({ length: args.generators }, (_, index) => forkGenerator(index))
  const context: BenchContext = {
    full: args.full,
    quick: args.quick,
    ignoreP99: args.ignoreP99,
    ...(args.profileRate ? { profileRate: args.profileRate } : {}),
    ...(args.rates ? { rates: args.rates } : {}),
    generators,
    scratch,
    log,
  }
  const results: Result[] = []
  context.log(`${args.quick ? 'quick (smoke)' : args.full ? 'full' : 'default'} run: scenarios ${scenarios.join(', ')}; servers ${servers.join(', ')}; ${generators.length} generator processes`)
  try {
    for (const scenario of scenarios) {
      for (const server of servers) {
        if (scenario === 'profile' && !server.startsWith('concerto')) continue
        context.log(`${scenario} / ${server}`)
        try {
          const produced = await SCENARIOS[scenario]!(context, SERVERS[server]!)
          // Other work on the machine distorts every figure: record the load average beside them.
          const loadAverage1m = Math.round(loadavg()[0]! * 100) / 100
          if (loadAverage1m > 2.5) context.log(`  WARNING: load average ${loadAverage1m} on ${cpus().length} cores: something else is running`)
          results.push(...produced.map((result) => ({ ...result, loadAverage1m })))
        } catch (error) {
          context.log(`  ERROR: ${(error as Error).stack ?? error}`)
          results.push({ server, scenario, ok: false, failures: [(error as Error).message] })
        }
      }
    }
  } finally {
    await Promise.all(generators.map((generator) => generator.stop()))
    killChildren()
    rmSync(scratch, { recursive: true, force: true })
  }
  const withRatios = addRatios(results)
  printTable(withRatios, (line) => process.stdout.write(`${line}\n`))
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify({ machine: machine(), command: process.argv.slice(2), generators: generators.length, results: withRatios }, null, 2)}\n`)
    context.log(`wrote ${args.json}`)
  }
  context.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  return results.every((result) => result.ok) ? 0 : 1
}

function machine() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = process.getBuiltinModule?.('node:os') as typeof import('node:os') | undefined
  return { node: process.version, cpus: os?.cpus().length, cpuModel: os?.cpus()[0]?.model, memoryGB: os ? Math.round(os.totalmem() / 2 ** 30) : undefined }
}

// Everything stops by itself: a hard ceiling on the whole run.
const ceiling = setTimeout(
  () => {
    process.stderr.write('bench: time limit reached, stopping\n')
    killChildren()
    process.exit(2)
  },
  process.argv.includes('--full') ? 75 * 60_000 : Math.max(9, 4 * chosenPairs()) * 60_000,
)

/** Scenario × server pairs named on the command line (a default run has 9): 4 minutes each at most. */
function chosenPairs(): number {
  const listed = (flag: string) => {
    const index = process.argv.indexOf(flag)
    return index >= 0 ? (process.argv[index + 1]?.split(',').length ?? 1) : 3
  }
  return listed('--scenarios') * listed('--servers')
}
ceiling.unref()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killChildren()
    process.exit(130)
  })
}
main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`)
    killChildren()
    process.exit(1)
  },
)
