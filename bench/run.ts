import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { forkGenerator, killChildren } from './lib/processes.ts'
import { SERVERS, type BenchContext, type Result } from './lib/context.ts'
import { printTable } from './lib/report.ts'
import { meetingScenario } from './scenarios/meeting.ts'
import { coldLoadScenario } from './scenarios/cold-load.ts'
import { saturationScenario, profileScenario } from './scenarios/saturation.ts'
import { idleScenario } from './scenarios/idle.ts'
import { memoryScenario } from './scenarios/memory.ts'
import type { ServerSpec } from './lib/processes.ts'

/**
 * `npm run bench` — quick: meeting and cold load for Concerto, Hocuspocus and
 * the relay. `-- --full`: every scenario, every server, and a CPU profile of
 * Concerto at saturation. `--json FILE` writes one object per server and
 * scenario. `--scenarios a,b` and `--servers a,b` narrow a run.
 */
type Scenario = (context: BenchContext, spec: ServerSpec) => Promise<Result[]>
const SCENARIOS: Record<string, Scenario> = {
  meeting: meetingScenario,
  saturation: saturationScenario,
  'cold-load': coldLoadScenario,
  idle: idleScenario,
  memory: memoryScenario,
  profile: profileScenario,
}

function parseArgs(argv: string[]) {
  const args = { full: false, json: null as string | null, scenarios: null as string[] | null, servers: null as string[] | null }
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!
    const value = () => {
      const next = argv[++index]
      if (next === undefined) throw new Error(`${arg} needs a value`)
      return next
    }
    if (arg === '--full') args.full = true
    else if (arg === '--json') args.json = resolve(process.cwd(), value())
    else if (arg === '--scenarios') args.scenarios = value().split(',')
    else if (arg === '--servers') args.servers = value().split(',')
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: npm run bench [-- --full] [--json FILE] [--scenarios meeting,saturation,cold-load,idle,memory,profile] [--servers concerto,concerto-full,hocuspocus,yws,relay]\n')
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}`)
  }
  return args
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2))
  const scenarios = args.scenarios ?? (args.full ? ['meeting', 'saturation', 'cold-load', 'idle', 'memory', 'profile'] : ['meeting', 'cold-load'])
  const servers = args.servers ?? (args.full ? ['concerto', 'concerto-full', 'hocuspocus', 'yws', 'relay'] : ['concerto', 'hocuspocus', 'relay'])
  for (const name of scenarios) if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name}`)
  for (const name of servers) if (!SERVERS[name]) throw new Error(`unknown server ${name}`)

  const scratch = mkdtempSync(join(tmpdir(), 'concerto-bench-'))
  const generators = [forkGenerator(0), forkGenerator(1)]
  const started = Date.now()
  const context: BenchContext = {
    full: args.full,
    generators,
    scratch,
    log: (message) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`),
  }
  const results: Result[] = []
  context.log(`${args.full ? 'full' : 'quick'} run: scenarios ${scenarios.join(', ')}; servers ${servers.join(', ')}`)
  try {
    for (const scenario of scenarios) {
      for (const server of servers) {
        if (scenario === 'profile' && server !== 'concerto') continue
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
    for (const generator of generators) generator.stop()
    killChildren()
    rmSync(scratch, { recursive: true, force: true })
  }
  printTable(results, (line) => process.stdout.write(`${line}\n`))
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify({ machine: machine(), command: process.argv.slice(2), results }, null, 2)}\n`)
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
  process.argv.includes('--full') ? 75 * 60_000 : 9 * 60_000,
)
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
