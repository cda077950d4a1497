import { dataDir, mb, openSession, removeDir, split, type BenchContext, type Result } from '../lib/context.ts'
import { sleep, type ServerSpec } from '../lib/processes.ts'
import { round } from '../lib/stats.ts'
import { headline } from '../lib/headline.ts'

const ROOMS = 300
const PER_ROOM = 10
const HOLD_MS = 40_000
const QUICK = { rooms: 30, holdMs: 5_000, settleMs: 2_000 }
/**
 * Quiet time before the settled readings: V8's memory reducer collects and
 * shrinks the young generation after ~8 s without allocation, so the
 * handshakes' garbage is gone and what is left is what an idle connection
 * holds. Read 2 s after a wave, RSS still carries that garbage, which grows
 * with how much a server allocates per handshake (Concerto reads the session,
 * the membership and the rights; the reference server reads nothing).
 */
const SETTLE_MS = 15_000

/**
 * Thousands of quiet connections over hundreds of rooms, held 40 s (past the
 * stock client's 30 s silence timeout): stock clients for every server but
 * the relay (which has no keep-alive of its own, so raw sockets). Drops are
 * connections the clients saw close; RSS per connection counts the rooms
 * they load; the per-connection figure is the marginal cost of the second
 * half of them, in rooms already loaded.
 */
export async function idleScenario(context: BenchContext, spec: ServerSpec): Promise<Result[]> {
  const dir = dataDir(context, spec.label)
  const session = await openSession(spec, dir)
  const failures: string[] = []
  try {
    const roomCount = context.quick ? QUICK.rooms : ROOMS
    const holdMs = context.quick ? QUICK.holdMs : HOLD_MS
    const rooms = await session.rooms(roomCount, 'idle')
    await sleep(1500)
    const baselineKb = session.server.rssKb()
    const full = spec.kind !== 'relay'
    // Two waves of PER_ROOM / 2 per room: the first loads every room and
    // absorbs whatever garbage the set-up left (Concerto creates 300
    // situations through its API just before, which a baseline taken then
    // hides); the second adds only connections to rooms already loaded, so
    // its RSS delta is the marginal cost of an idle connection.
    const settleMs = context.quick ? QUICK.settleMs : SETTLE_MS
    const wave = async () => {
      const opened = await Promise.all(
        split(rooms, context.generators.length).map((part, index) =>
          context.generators[index]!.call<{ connected: number }>('idle-connect', { target: session.target, rooms: part, perRoom: PER_ROOM / 2, full }, 300_000),
        ),
      )
      await sleep(2000)
      const soonKb = session.server.rssKb()
      await sleep(settleMs)
      return { connected: opened.reduce((sum, o) => sum + o.connected, 0), soonKb, settledKb: session.server.rssKb() }
    }
    const first = await wave()
    const second = await wave()
    const firstWave = first.connected
    const secondWave = second.connected
    const connections = firstWave + secondWave
    const firstWaveKb = first.soonKb
    const connectedKb = second.soonKb
    const cpuBefore = session.server.cpuSeconds()
    const held = await Promise.all(context.generators.map((g) => g.call<{ drops: number }>('idle-hold', { ms: holdMs }, holdMs + 30_000)))
    const idleCpuPercent = round(((session.server.cpuSeconds() - cpuBefore) / (holdMs / 1000)) * 100, 1)
    const heldKb = session.server.rssKb()
    const drops = held.reduce((sum, h) => sum + h.drops, 0)
    await Promise.all(context.generators.map((g) => g.call('idle-close', {})))
    if (drops > 0) failures.push(`${drops} connections dropped`)
    const perConnection = round((connectedKb - firstWaveKb) / secondWave, 1)
    const perConnectionSettled = round((second.settledKb - first.settledKb) / secondWave, 1)
    context.log(`  idle: ${connections} connections, ${drops} drops, ${perConnection} KB per added connection (${perConnectionSettled} settled), ${round((heldKb - baselineKb) / connections, 1)} KB/connection with rooms`)
    return [
      {
        server: spec.label,
        scenario: 'idle',
        ok: failures.length === 0,
        failures,
        rooms: roomCount,
        connections,
        client: full ? 'stock' : 'raw',
        holdSeconds: holdMs / 1000,
        drops,
        baselineRssMB: round(baselineKb / 1024, 1),
        firstWaveRssMB: round(firstWaveKb / 1024, 1),
        connectedRssMB: round(connectedKb / 1024, 1),
        heldRssMB: round(heldKb / 1024, 1),
        rssKbPerConnection: perConnection,
        // The same marginal cost read after SETTLE_MS of quiet after each wave: what an idle connection holds.
        rssKbPerConnectionSettled: perConnectionSettled,
        firstWaveSettledRssMB: round(first.settledKb / 1024, 1),
        connectedSettledRssMB: round(second.settledKb / 1024, 1),
        rssKbPerConnectionWithRooms: round((heldKb - baselineKb) / connections, 1),
        idleCpuPercent,
        ...headline({ p99: null, cpuUsPerEdit: null, rssPeakMB: mb(session.server.peakRssKb()), rssIdleMB: mb(session.idleRssKb), sustainedEditsPerS: null }),
      },
    ]
  } finally {
    await session.server.stop()
    removeDir(dir)
  }
}
