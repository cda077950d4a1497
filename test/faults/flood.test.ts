import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { connectClient, login } from '../helpers/clients.ts'
import { createEditor, percentiles, type Editor } from './edit-load.ts'
import { recordFigures, saveServerLogs } from './report.ts'

/**
 * One socket floods the server as fast as TCP lets it while three honest
 * clients edit: the token bucket (500 msg/s, burst 2000) must pause the
 * flooder and leave the others' latency alone.
 */
const ROOM = 'monsieur-x/plan'
const RATE = 500
const BURST = 2_000
let server: SpawnedServer
const editors: Editor[] = []
let floodCookie: string

beforeAll(async () => {
  server = await startServer({ env: { LOG_LEVEL: 'warn' } })
  const cookies = await Promise.all(['medecin', 'infirmier', 'coordination', 'social'].map((name) => login(server.url, `${name}@demo.test`)))
  floodCookie = cookies[3]!
  editors.push(...cookies.slice(0, 3).map((cookie, index) => createEditor({ wsUrl: server.wsUrl, room: ROOM, cookie, name: `h${index}`, gen: prng.create(index), minPauseMs: 20, maxPauseMs: 40 })))
  await Promise.all(editors.map((editor) => editor.client.synced))
  editors.forEach((editor) => editor.start())
}, 60_000)

afterAll(async () => {
  for (const editor of editors.splice(0)) editor.destroy()
  saveServerLogs('flood', server.output)
  await server.kill()
  server.dispose()
})

const latencyDuring = async (ms: number) => {
  const marks = editors.map((editor) => editor.latencies.length)
  await new Promise((resolve) => setTimeout(resolve, ms))
  return percentiles(editors.flatMap((editor, index) => editor.latencies.slice(marks[index])))
}

/** Sends `frame` from one socket as fast as the socket drains, for `ms`; counts what the server got through (pings every 64 frames). */
async function flood(frame: Uint8Array, ms: number) {
  const socket = new WebSocket(`${server.wsUrl}/sync/${ROOM}`, { headers: { cookie: floodCookie }, perMessageDeflate: false })
  socket.on('error', () => {})
  let received = 0
  socket.on('message', () => received++)
  const pings: number[] = []
  let processed = 0
  socket.on('pong', () => (processed = Math.max(processed, pings.shift() ?? 0)))
  let closeCode: number | null = null
  socket.on('close', (code) => (closeCode = code))
  await new Promise((resolve) => socket.once('open', resolve))
  const started = Date.now()
  let sent = 0
  while (Date.now() - started < ms && socket.readyState === WebSocket.OPEN) {
    for (let i = 0; i < 63; i++) socket.send(frame)
    sent += 64
    await new Promise<void>((resolve) => socket.send(frame, () => resolve()))
    pings.push(sent)
    socket.ping()
    if (pings.length > 32) await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const elapsedMs = Date.now() - started
  const processedInWindow = processed
  socket.terminate()
  return { sent, processed: processedInWindow, elapsedMs, closeCode, repliesReceived: received }
}

const queryAwareness = Uint8Array.of(3)
const step1 = (stateVector: Uint8Array) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}

describe('a flood from one socket', () => {
  // One retry: on 2 cores the suite runs a browser file beside this one, and a
  // burst of that file's work once pushed the p99 to 357 ms (alone: 18 ms). A
  // server that really lets a flood starve the others fails both attempts.
  it('is paused at about 500 msg/s and leaves the other clients’ latency alone', { timeout: 60_000, retry: 1 }, async () => {
    const baseline = await latencyDuring(2_000)
    const [cheap, during] = await Promise.all([flood(queryAwareness, 5_000), latencyDuring(5_000)])
    // A step 1 with the current state vector: the reply is small, but each one makes the server diff the document.
    const reference = connectClient(server.wsUrl, ROOM, floodCookie)
    await reference.synced
    const stateVector = Y.encodeStateVector(reference.doc)
    reference.destroy()
    const [costly, duringCostly] = await Promise.all([flood(step1(stateVector), 5_000), latencyDuring(5_000)])
    const after = await latencyDuring(1_500)
    const figures = {
      baselineLatencyMs: baseline,
      cheapFlood: { ...cheap, ratePerSecond: Math.round((cheap.processed / cheap.elapsedMs) * 1000) },
      latencyDuringCheapFloodMs: during,
      step1Flood: { ...costly, ratePerSecond: Math.round((costly.processed / costly.elapsedMs) * 1000) },
      latencyDuringStep1FloodMs: duringCostly,
      latencyAfterMs: after,
      honestCloseCodes: editors.flatMap((editor) => editor.client.closeCodes),
    }
    recordFigures('flood', figures)
    // The flooder is paused, not served at wire speed: burst + rate × time (+ one read of slack).
    // A socket read already taken (up to 64 KiB) is processed in full even when the bucket is empty.
    for (const [run, frame] of [[cheap, queryAwareness], [costly, step1(stateVector)]] as const) {
      expect(run.sent).toBeGreaterThan(run.processed)
      expect(run.processed).toBeLessThanOrEqual(BURST + (RATE * run.elapsedMs) / 1000 + Math.ceil(65_536 / (frame.length + 6)))
      expect(run.closeCode).toBeNull()
    }
    expect(figures.honestCloseCodes).toEqual([])
    expect(during.count).toBeGreaterThan(50)
    expect(during.p99).toBeLessThan(Math.max(250, baseline.p99 * 5))
    expect(duringCostly.p99).toBeLessThan(Math.max(250, baseline.p99 * 5))
  })
})
