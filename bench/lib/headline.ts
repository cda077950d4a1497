import type { Result } from './context.ts'

/**
 * The figures every result carries under the same names, so a script can
 * read `npm run bench -- --json out.json` without knowing each scenario:
 * null where the scenario does not measure it.
 */
export interface Headline {
  /** Edit → arrival at each other participant, 99th percentile, ms. */
  p99: number | null
  /** Server CPU (user + system, every thread) per edit made, µs. */
  cpuUsPerEdit: number | null
  /** Peak resident set of the server process (VmHWM) during the scenario (start-up's peak apart), MB. */
  rssPeakMB: number | null
  /** Resident set one second after the server answered, before any client (Concerto: demo seeded), MB. */
  rssIdleMB: number | null
  /** Highest delivered edits/s with p99 < 50 ms (saturation). */
  sustainedEditsPerS: number | null
}

export const HEADLINE_FIGURES = ['p99', 'cpuUsPerEdit', 'rssPeakMB', 'rssIdleMB', 'sustainedEditsPerS'] as const

export const headline = (figures: Headline): Headline => figures

/**
 * The peers a ratio is taken against: the reference server, its durable
 * variant and the same on Concerto's stack (the floor of a durable server on
 * Hono, bench/servers/y-websocket.ts), Hocuspocus, the raw relay.
 */
const PEERS = { vsReference: 'yws', vsDurableReference: 'yws-durable', vsStackFloor: 'yws-stack', vsHocuspocus: 'hocuspocus', vsRelay: 'relay' } as const

/**
 * Adds `ratios: { vsReference, vsDurableReference, vsStackFloor, … }` to every result: each
 * headline figure divided by the same figure of that peer in the same
 * scenario and variant of this run (absent when the peer was not run).
 */
export function addRatios(results: Result[]): Result[] {
  return results.map((result) => {
    const ratios: Record<string, Record<string, number>> = {}
    // Concerto's variants (full durability, a cluster) are also compared with the single node on SQLite.
    const peers = result.server.startsWith('concerto-') ? { ...PEERS, vsSingleNode: 'concerto' } : PEERS
    for (const [key, peerName] of Object.entries(peers)) {
      if (result.server === peerName) continue
      const peer = results.find((other) => other.server === peerName && other.scenario === result.scenario && other.variant === result.variant)
      if (!peer) continue
      const row: Record<string, number> = {}
      for (const figure of HEADLINE_FIGURES) {
        const mine = result[figure]
        const theirs = peer[figure]
        if (typeof mine === 'number' && typeof theirs === 'number' && theirs !== 0) row[figure] = Math.round((mine / theirs) * 100) / 100
      }
      if (Object.keys(row).length > 0) ratios[key] = row
    }
    return Object.keys(ratios).length > 0 ? { ...result, ratios } : result
  })
}
