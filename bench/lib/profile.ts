import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { SourceMap } from 'node:module'

/** Self time per function (and per package) of a V8 .cpuprofile, as shares of busy time. */
interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number }
}

/**
 * The compiled server is one bundle (dist/server/main.js): its frames are
 * mapped back to their source file and line through the bundle's source map,
 * so the profile still names server/sync/room.ts rather than main.js:4521.
 */
const maps = new Map<string, SourceMap | null>()
function original(frame: ProfileNode['callFrame']): ProfileNode['callFrame'] {
  if (!frame.url.startsWith('file://') || !frame.url.includes('/dist/server/')) return frame
  let map = maps.get(frame.url)
  if (map === undefined) {
    const file = `${fileURLToPath(frame.url)}.map`
    map = existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : null
    maps.set(frame.url, map)
  }
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber ?? 0) as { originalSource?: string; originalLine?: number } | undefined
  if (!entry?.originalSource) return frame
  return { ...frame, url: entry.originalSource, lineNumber: entry.originalLine ?? frame.lineNumber }
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)'])

export function summarizeProfile(profile: Profile) {
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]))
  const self = new Map<string, { name: string; where: string; micros: number; pkg: string }>()
  let total = 0
  let idle = 0
  let gc = 0
  profile.samples.forEach((nodeId, index) => {
    const micros = profile.timeDeltas[index] ?? 0
    total += micros
    const node = byNode.get(nodeId)
    if (!node) return
    const frame = original(node.callFrame)
    if (frame.functionName === '(idle)') {
      idle += micros
      return
    }
    if (frame.functionName === '(garbage collector)') gc += micros
    const where = frame.url ? `${shorten(frame.url)}:${frame.lineNumber + 1}` : ''
    const key = `${frame.functionName}|${where}`
    const entry = self.get(key) ?? { name: frame.functionName || '(anonymous)', where, micros: 0, pkg: packageOf(frame) }
    entry.micros += micros
    self.set(key, entry)
  })
  const busy = total - idle
  const share = (micros: number) => Math.round((micros / busy) * 1000) / 10
  const top = [...self.values()].sort((a, b) => b.micros - a.micros).slice(0, 25).map((e) => ({ name: e.name, where: e.where, selfMs: Math.round(e.micros / 1000), percentOfBusy: share(e.micros) }))
  const packages = new Map<string, number>()
  for (const entry of self.values()) packages.set(entry.pkg, (packages.get(entry.pkg) ?? 0) + entry.micros)
  const byPackage = [...packages.entries()].sort((a, b) => b[1] - a[1]).map(([name, micros]) => ({ name, selfMs: Math.round(micros / 1000), percentOfBusy: share(micros) }))
  // The sync core's own hot spots (server/sync/**, and the storage it calls per update).
  const syncCore = [...self.values()]
    .filter((e) => /server\/(sync|storage|extensions|rules)\//.test(e.where))
    .sort((a, b) => b.micros - a.micros)
    .slice(0, 15)
    .map((e) => ({ name: e.name, where: e.where, selfMs: Math.round(e.micros / 1000), percentOfBusy: share(e.micros) }))
  return { totalMs: Math.round(total / 1000), busyMs: Math.round(busy / 1000), gcPercentOfBusy: share(gc), top, byPackage, syncCore }
}

const shorten = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^(\.\.\/)+/, '')
    .replace(/^.*\/work\/main\//, '')

function packageOf(frame: ProfileNode['callFrame']): string {
  if (IDLE.has(frame.functionName) || frame.functionName.startsWith('(')) return frame.functionName
  const url = frame.url
  if (!url) return '(native)'
  if (url.startsWith('node:')) return url.startsWith('node:internal/stream') || url.includes('net') ? 'node:net/stream' : 'node:internal'
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (match) return match[1]!
  const own = /(?:\/work\/main\/|^(?:\.\.\/)+)((?:server|shared)\/[^/]+)/.exec(url)
  return own ? own[1]! : url
}
