import type { Result } from './context.ts'

/**
 * Prints the results as Markdown tables (the form docs/PERFORMANCE.md
 * quotes), each figure followed by its ratio to Hocuspocus and to the relay
 * where both were measured.
 */
type Pick = (result: Result) => number | undefined

interface Column {
  title: string
  pick: Pick
  /** Print ratios to Hocuspocus (H) and the relay (R). */
  ratios?: boolean
}

const get = (value: unknown, path: string): number | undefined => {
  let current: unknown = value
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return typeof current === 'number' && Number.isFinite(current) ? current : undefined
}
const at = (path: string): Pick => (result) => get(result, path)

const TABLES: { scenario: string; title: string; columns: Column[] }[] = [
  {
    scenario: 'startup',
    title: 'Start-up (fresh server, demo seeded, no client; RSS MB)',
    columns: [
      { title: 'RSS at 1 s', pick: at('rssMB.1s') },
      { title: 'at 5 s', pick: at('rssMB.5s') },
      { title: 'at 15 s', pick: at('rssMB.15s') },
      { title: 'idle RSS (30 s)', pick: at('rssIdleMB'), ratios: true },
      { title: 'peak RSS', pick: at('rssPeakMB') },
    ],
  },
  {
    scenario: 'meeting',
    title: 'Meeting (edit → arrival at each other participant, ms; server CPU % of one core)',
    columns: [
      { title: 'edits/s delivered', pick: at('deliveredEditsPerSec') },
      { title: 'p50', pick: at('latencyMs.p50'), ratios: true },
      { title: 'p95', pick: at('latencyMs.p95') },
      { title: 'p99', pick: at('latencyMs.p99'), ratios: true },
      { title: 'max', pick: at('latencyMs.max') },
      { title: 'all-arrived p99', pick: at('allArrivedMs.p99') },
      { title: 'CPU %', pick: at('serverCpuPercent'), ratios: true },
      { title: 'CPU µs/edit', pick: at('serverCpuUsPerEdit') },
      { title: 'peak RSS MB', pick: at('peakRssMB'), ratios: true },
      { title: 'idle RSS MB', pick: at('idleRssMB') },
    ],
  },
  {
    scenario: 'saturation',
    title: 'Saturation (highest delivered edits/s with p99 < 50 ms; CPU per edit at 400 edits/s)',
    columns: [
      { title: 'sustained edits/s', pick: at('sustainedEditsPerSec'), ratios: true },
      { title: 'p99 there', pick: at('sustainedP99Ms') },
      { title: 'p99 @3,200/s', pick: at('p99AtLoad.3200'), ratios: true },
      { title: 'p99 @6,400/s', pick: at('p99AtLoad.6400'), ratios: true },
      { title: 'CPU µs/edit @400/s', pick: at('cpuUsPerEditAtFixedRate'), ratios: true },
      { title: 'CPU % @400/s', pick: at('cpuPercentAtFixedRate') },
      { title: 'peak RSS MB', pick: at('peakRssMB') },
      { title: 'generator-limited (1 = yes)', pick: (r) => (r.generatorLimited ? 1 : 0) },
    ],
  },
  {
    scenario: 'cold-load',
    title: 'Cold load (100k updates from 6 writers; ms after a restart)',
    columns: [
      { title: 'encoded bytes', pick: at('encodedBytes') },
      { title: 'connect→synced', pick: at('compacted.syncedMs'), ratios: true },
      { title: 'open→first step 2', pick: at('compacted.step2Ms'), ratios: true },
      { title: 'uncompacted connect→synced', pick: at('uncompacted.syncedMs') },
      { title: 'uncompacted open→step 2', pick: at('uncompacted.step2Ms') },
      { title: 'ingest updates/s', pick: at('ingestUpdatesPerSec') },
    ],
  },
  {
    scenario: 'idle',
    title: 'Idle (connections held 40 s)',
    columns: [
      { title: 'connections', pick: at('connections') },
      { title: 'drops', pick: at('drops') },
      { title: 'RSS KB per added connection', pick: at('rssKbPerConnection'), ratios: true },
      { title: 'same, settled 15 s', pick: at('rssKbPerConnectionSettled'), ratios: true },
      { title: 'RSS KB/connection with rooms', pick: at('rssKbPerConnectionWithRooms') },
      { title: 'CPU % while idle', pick: at('idleCpuPercent') },
    ],
  },
  {
    scenario: 'memory',
    title: 'Memory (copies of the Monsieur X demo plan)',
    columns: [
      { title: 'plans', pick: at('plans') },
      { title: 'RSS KB per loaded plan', pick: at('rssKbPerPlan'), ratios: true },
      { title: 'plan encoded bytes', pick: at('planEncodedBytes') },
      { title: 'RSS returned 5 s after leave, KB', pick: at('returnedKb') },
    ],
  },
]

const format = (value: number | undefined) => (value === undefined ? '–' : Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1))
const ratio = (value: number | undefined, base: number | undefined) =>
  value === undefined || base === undefined || base === 0 ? '–' : `${(value / base).toFixed(2)}×`

export function printTable(results: readonly Result[], write: (line: string) => void): void {
  for (const table of TABLES) {
    const rows = results.filter((result) => result.scenario === table.scenario)
    if (rows.length === 0) continue
    const header = ['server', 'variant', ...table.columns.flatMap((c) => (c.ratios ? [c.title, '÷H', '÷R'] : [c.title])), 'ok']
    write('')
    write(`### ${table.title}`)
    write('')
    write(`| ${header.join(' | ')} |`)
    write(`|${header.map(() => '---').join('|')}|`)
    for (const row of rows) {
      const peer = (server: string) => rows.find((other) => other.server === server && other.variant === row.variant)
      const hocuspocus = peer('hocuspocus')
      const relay = peer('relay')
      const cells = table.columns.flatMap((column) => {
        const value = column.pick(row)
        if (!column.ratios) return [format(value)]
        return [format(value), ratio(value, hocuspocus && column.pick(hocuspocus)), ratio(value, relay && column.pick(relay))]
      })
      write(`| ${row.server} | ${row.variant ?? ''} | ${cells.join(' | ')} | ${row.ok ? 'yes' : `NO: ${(row.failures ?? []).slice(0, 2).join('; ')}`} |`)
    }
  }
}
