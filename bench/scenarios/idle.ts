import { dataDir, openSession, removeDir, split, type BenchContext, type Result } from '../lib/context.ts'
import { sleep, type ServerSpec } from '../lib/processes.ts'
import { round } from '../lib/stats.ts'

const ROOMS = 300
const PER_ROOM = 10
const HOLD_MS = 40_000

/**
 * Thousands of quiet connections over hundreds of rooms, held 40 s (past the
 * stock client's 30 s silence timeout): stock clients for every server but
 * the relay (which has no keep-alive of its own, so raw sockets). Drops are
 * connections the clients saw close; RSS per connection counts the rooms
 * they load.
 */
export async function idleScenario(context: BenchContext, spec: ServerSpec): Promise<Result[]> {
  const dir = dataDir(context, spec.label)
  const session = await openSession(spec, dir)
  const failures: string[] = []
  try {
    const rooms = await session.rooms(ROOMS, 'idle')
    await sleep(1500)
    const baselineKb = session.server.rssKb()
    const full = spec.kind !== 'relay'
    const opened = await Promise.all(
      split(rooms, context.generators.length).map((part, index) =>
        context.generators[index]!.call<{ connected: number }>('idle-connect', { target: session.target, rooms: part, perRoom: PER_ROOM, full }, 300_000),
      ),
    )
    const connections = opened.reduce((sum, o) => sum + o.connected, 0)
    await sleep(2000)
    const connectedKb = session.server.rssKb()
    const cpuBefore = session.server.cpuSeconds()
    const held = await Promise.all(context.generators.map((g) => g.call<{ drops: number }>('idle-hold', { ms: HOLD_MS }, HOLD_MS + 30_000)))
    const idleCpuPercent = round(((session.server.cpuSeconds() - cpuBefore) / (HOLD_MS / 1000)) * 100, 1)
    const heldKb = session.server.rssKb()
    const drops = held.reduce((sum, h) => sum + h.drops, 0)
    await Promise.all(context.generators.map((g) => g.call('idle-close', {})))
    if (drops > 0) failures.push(`${drops} connections dropped`)
    context.log(`  idle: ${connections} connections, ${drops} drops, ${round((heldKb - baselineKb) / connections, 1)} KB/connection`)
    return [
      {
        server: spec.label,
        scenario: 'idle',
        ok: failures.length === 0,
        failures,
        rooms: ROOMS,
        connections,
        client: full ? 'stock' : 'raw',
        holdSeconds: HOLD_MS / 1000,
        drops,
        baselineRssMB: round(baselineKb / 1024, 1),
        connectedRssMB: round(connectedKb / 1024, 1),
        heldRssMB: round(heldKb / 1024, 1),
        rssKbPerConnection: round((heldKb - baselineKb) / connections, 1),
        idleCpuPercent,
      },
    ]
  } finally {
    await session.server.stop()
    removeDir(dir)
  }
}
