import * as Y from 'yjs'
import WebSocket from 'ws'
import { cookieFor, createFull, createReader, openMany, rawUrl, TEXT_NAME, type Participant, type RawTimings, type Target } from './clients.ts'
import { createTypist, type RawTypist } from './typist.ts'
import { encodeHocuspocusAuth, encodeSync, SYNC_UPDATE } from '../lib/protocol.ts'
import { readUpdates } from '../lib/history.ts'

/**
 * A load-generator process: the orchestrator (bench/run.ts) sends it jobs
 * over IPC and reads back raw figures. Never shares a process with a server.
 * Latencies are measured inside this process (a room's writers and readers
 * live in the same generator), with performance.now().
 */

export interface RoomSpec {
  room: string
  /** Full clients (the server's own client library, a Y.Doc) that type: reference clients. */
  typists: number
  /** Raw typists: pre-encoded updates from raw sockets (bench/generator/typist.ts); they read edit ids too. */
  rawTypists?: number
  /** Full clients that do not type: reference clients that apply every update. */
  fullReaders: number
  /** Clients that only read the edit id. */
  readers: number
  /** Seeds the raw typists' edits (the same bytes on every server). */
  seed?: number
}

/** One writer's edits in order: the clock each starts at, when it was sent, and how many recipients still lack it. */
interface Sent {
  clocks: number[]
  times: number[]
  /** Per edit made in the window: recipients that have not received it yet, and the slowest arrival so far. */
  left: number[]
  max: number[]
}

interface RoomState {
  spec: RoomSpec
  typists: Participant[]
  rawTypists: RawTypist[]
  participants: Participant[]
  sent: Map<number, Sent>
  received: number
  editsTotal: number
}

interface RunResult {
  editsInWindow: number
  editsTotal: number
  windowSeconds: number
  latencies: Float64Array
  /** Per edit (in window): the time until every other participant had it. */
  allArrived: Float64Array
  deliveriesInWindow: number
  expectedDeliveries: number
  missingDeliveries: number
  /** Raw typists that ran out of prepared edits (the run asked more than was prepared). */
  starvedTypists: number
}

let target: Target | null = null
let rooms: RoomState[] = []
let idle: Participant[] = []
let held: Participant[] = []

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A growable Float64Array: latencies of a saturated run are millions of numbers. */
class Samples {
  private data = new Float64Array(1 << 16)
  length = 0
  push(value: number) {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[this.length++] = value
  }
  toArray() {
    return this.data.slice(0, this.length)
  }
}

const handlers: Record<string, (payload: any) => Promise<unknown>> = {
  async 'meeting-connect'(payload: { target: Target; rooms: RoomSpec[] }) {
    target = payload.target
    const started = performance.now()
    rooms = []
    for (const spec of payload.rooms) {
      const typists = await openMany(spec.typists, () => createFull(payload.target, spec.room))
      const fullReaders = await openMany(spec.fullReaders, () => createFull(payload.target, spec.room))
      const rawTypists = await openMany(spec.rawTypists ?? 0, (index) => createTypist(payload.target, spec.room, (spec.seed ?? 1) * 1000 + index), 100)
      const readers = await openMany(spec.readers, () => createReader(payload.target, spec.room), 100)
      rooms.push({ spec, typists, rawTypists, participants: [...typists, ...fullReaders, ...rawTypists, ...readers], sent: new Map(), received: 0, editsTotal: 0 })
    }
    return { connected: rooms.reduce((sum, room) => sum + room.participants.length, 0), connectMs: performance.now() - started }
  },

  async 'meeting-run'(payload: { ratePerTypist: number; warmupMs: number; durationMs: number; drainMs: number }): Promise<RunResult> {
    const { ratePerTypist, warmupMs, durationMs, drainMs } = payload
    const interval = 1000 / ratePerTypist
    // Outside the measured time: every raw typist's edits for this run, framed, with a margin for the jitter.
    const needed = Math.ceil(((warmupMs + durationMs) / interval) * 1.3) + 20
    for (const room of rooms) for (const typist of room.rawTypists) if (typist.pending < needed) typist.prepare(needed - typist.pending)

    const start = performance.now()
    const windowStart = start + warmupMs
    const windowEnd = windowStart + durationMs
    const latencies = new Samples()
    const allArrived = new Samples()
    let editsInWindow = 0
    let deliveriesInWindow = 0
    let expectedDeliveries = 0
    let delivered = 0
    let starvedTypists = 0
    const timers = new Set<NodeJS.Timeout>()
    let typing = true

    for (const room of rooms) {
      room.sent = new Map()
      const others = room.participants.length - 1
      const sentOf = (client: number) => {
        let sent = room.sent.get(client)
        if (!sent) room.sent.set(client, (sent = { clocks: [], times: [], left: [], max: [] }))
        return sent
      }
      for (const participant of room.participants) {
        // Per writer, the index of the next edit this participant has not received yet.
        const next = new Map<number, number>()
        const own = participant.clientId
        const deliver = (sent: Sent, index: number, at: number) => {
          const sentAt = sent.times[index]!
          delivered++
          if (sentAt < windowStart || sentAt > windowEnd) return
          const latency = at - sentAt
          latencies.push(latency)
          deliveriesInWindow++
          if (latency > sent.max[index]!) sent.max[index] = latency
          if (--sent.left[index]! === 0) allArrived.push(sent.max[index]!)
        }
        // A server may merge several edits into one update: every edit whose
        // first clock lies below the update's end clock for that writer has arrived.
        participant.onEdit = (update, at) => {
          const { to } = Y.parseUpdateMeta(update)
          for (const [client, end] of to) {
            // A server that echoes a writer's own update has not delivered anything to it.
            if (client === own) continue
            const sent = room.sent.get(client)
            if (!sent) continue
            let index = next.get(client) ?? 0
            while (index < sent.clocks.length && sent.clocks[index]! < end) deliver(sent, index++, at)
            next.set(client, index)
          }
        }
      }
      const record = (client: number, clock: number, now: number) => {
        const sent = sentOf(client)
        sent.clocks.push(clock)
        sent.times.push(now)
        const inWindow = now >= windowStart && now <= windowEnd
        sent.left.push(inWindow ? others : -1)
        sent.max.push(0)
        room.editsTotal++
        expectedDeliveries += others
        if (inWindow) editsInWindow++
      }
      // Open loop: each typist has its own schedule (jittered intervals averaging the rate) and a late timer
      // catches up with every edit already due, so a busy generator loop does not lower the offered rate.
      const startTyping = (edit: () => boolean) => {
        let due = performance.now() + Math.random() * interval
        const tick = () => {
          const now = performance.now()
          while (typing && due <= now && due < windowEnd) {
            if (!edit()) return
            due += interval * (0.5 + Math.random())
          }
          if (!typing || due >= windowEnd) return
          const timer = setTimeout(() => {
            timers.delete(timer)
            tick()
          }, due - now)
          timers.add(timer)
        }
        const first = setTimeout(() => {
          timers.delete(first)
          tick()
        }, due - performance.now())
        timers.add(first)
      }
      for (const typist of room.typists) {
        const doc = typist.doc!
        const text = doc.getText(TEXT_NAME)
        startTyping(() => {
          record(doc.clientID, Y.getState(doc.store, doc.clientID), performance.now())
          const size = 1 + Math.floor(Math.random() * 3)
          let chars = ''
          for (let index = 0; index < size; index++) chars += String.fromCharCode(97 + Math.floor(Math.random() * 26))
          text.insert(Math.floor(Math.random() * (text.length + 1)), chars)
          return true
        })
      }
      for (const typist of room.rawTypists) {
        startTyping(() => {
          const now = performance.now()
          const clock = typist.type()
          if (clock < 0) {
            starvedTypists++
            return false
          }
          record(typist.clientId, clock, now)
          return true
        })
      }
    }
    await sleep(Math.max(0, windowEnd - performance.now()))
    typing = false
    for (const timer of timers) clearTimeout(timer)
    // Drain: wait until every delivery arrived, bounded.
    const drainEnd = performance.now() + drainMs
    while (delivered < expectedDeliveries && performance.now() < drainEnd) await sleep(50)
    return {
      editsInWindow,
      editsTotal: rooms.reduce((sum, room) => sum + room.editsTotal, 0),
      windowSeconds: durationMs / 1000,
      latencies: latencies.toArray(),
      allArrived: allArrived.toArray(),
      deliveriesInWindow,
      expectedDeliveries,
      missingDeliveries: expectedDeliveries - delivered,
      starvedTypists,
    }
  },

  /** Every full client of a room holds the same text, and so does a fresh client synced from the server. */
  async 'meeting-verify'(payload: { fromServer: boolean }) {
    const failures: string[] = []
    for (const room of rooms) {
      const fullClients = room.participants.filter((p) => p.full)
      const texts = fullClients.map((p) => p.doc!.getText(TEXT_NAME).toString())
      const reference = texts[0] ?? ''
      if (texts.some((text) => text !== reference)) failures.push(`${room.spec.room}: full clients differ`)
      // Every edit a raw typist sent reached every reference client (their texts agreeing is not enough).
      for (const typist of room.rawTypists) {
        for (const client of fullClients) {
          if (Y.getState(client.doc!.store, typist.clientId) < typist.writtenClock) failures.push(`${room.spec.room}: a reference client lacks raw typist ${typist.clientId}'s edits`)
        }
      }
      if (payload.fromServer && target) {
        const fresh = createFull(target, room.spec.room)
        try {
          await fresh.ready
          const text = fresh.doc!.getText(TEXT_NAME).toString()
          if (text !== reference) failures.push(`${room.spec.room}: server state differs (${text.length} vs ${reference.length} chars)`)
        } catch (error) {
          failures.push(`${room.spec.room}: ${(error as Error).message}`)
        } finally {
          fresh.close()
        }
      }
    }
    return { rooms: rooms.length, failures }
  },

  async 'meeting-close'() {
    for (const room of rooms) for (const participant of room.participants) participant.close()
    const drops = rooms.reduce((sum, room) => sum + room.participants.reduce((s, p) => s + p.drops, 0), 0)
    rooms = []
    return { drops }
  },

  /**
   * Sends a stored history as raw sync updates, in order. Concerto's
   * per-connection rate limit allows a 2,000-message burst, so the history
   * goes over successive connections of at most `perConnection` updates.
   */
  async 'load-history'(payload: { target: Target; room: string; file: string; perConnection: number }) {
    const updates = readUpdates(payload.file)
    const hocuspocus = payload.target.kind === 'hocuspocus'
    const name = hocuspocus ? payload.room : null
    const started = performance.now()
    for (let offset = 0; offset < updates.length; offset += payload.perConnection) {
      const cookie = cookieFor(payload.target, payload.room)
      const socket = new WebSocket(rawUrl(payload.target, payload.room), cookie ? { headers: { cookie } } : {})
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve())
        socket.once('error', reject)
      })
      if (hocuspocus) socket.send(encodeHocuspocusAuth(payload.room))
      for (const update of updates.slice(offset, offset + payload.perConnection)) socket.send(encodeSync(name, SYNC_UPDATE, update))
      const deadline = performance.now() + 60_000
      while (socket.bufferedAmount > 0 && performance.now() < deadline) await sleep(5)
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve())
        socket.close(1000)
        setTimeout(resolve, 5_000)
      })
    }
    return { ms: performance.now() - started }
  },

  /** Polls a fresh full client until the server holds `expectedLength` characters. */
  async 'await-text'(payload: { target: Target; room: string; expected: string; timeoutMs: number }) {
    const deadline = performance.now() + payload.timeoutMs
    let last = -1
    while (performance.now() < deadline) {
      const client = createFull(payload.target, payload.room)
      try {
        await client.ready
        const text = client.doc!.getText(TEXT_NAME).toString()
        if (text === payload.expected) return { ok: true }
        last = text.length
      } finally {
        client.close()
      }
      await sleep(500)
    }
    return { ok: false, lastLength: last }
  },

  /** Cold connect: a stock client from `new WebSocket` to synced, or a raw client's open / first sync frame / first step 2. */
  async 'cold-connect'(payload: { target: Target; room: string; raw: boolean; expectedLength?: number }) {
    const started = performance.now()
    if (payload.raw) {
      const reader = createReader(payload.target, payload.room)
      await reader.ready
      // The relay's reader is ready at open; its state arrives as a step 2 right after.
      const deadline = performance.now() + 60_000
      while (reader.timings.step2At === 0 && performance.now() < deadline) await sleep(1)
      const timings: RawTimings = reader.timings
      reader.close()
      return {
        openMs: timings.openAt - started,
        firstSyncMs: timings.firstSyncAt - timings.openAt,
        step2Ms: timings.step2At - timings.openAt,
        step2Bytes: timings.step2Bytes,
      }
    }
    const client = createFull(payload.target, payload.room)
    await client.ready
    // The relay's client is ready at open: synced is when the state has arrived and been applied.
    const deadline = performance.now() + 60_000
    while (payload.target.kind === 'relay' && client.doc!.getText(TEXT_NAME).length < (payload.expectedLength ?? 0) && performance.now() < deadline) await sleep(1)
    const syncedMs = performance.now() - started
    const length = client.doc!.getText(TEXT_NAME).length
    const encodedBytes = Y.encodeStateAsUpdate(client.doc!).byteLength
    client.close()
    return { syncedMs, length, encodedBytes }
  },

  async 'idle-connect'(payload: { target: Target; rooms: string[]; perRoom: number; full: boolean }) {
    target = payload.target
    const started = performance.now()
    const specs = payload.rooms.flatMap((room) => Array.from({ length: payload.perRoom }, () => room))
    const opened = await openMany(
      specs.length,
      (index) => (payload.full ? createFull(payload.target, specs[index]!) : createReader(payload.target, specs[index]!)),
      100,
    )
    idle.push(...opened)
    return { connected: opened.length, connectMs: performance.now() - started }
  },

  async 'idle-hold'(payload: { ms: number }) {
    await sleep(payload.ms)
    return { drops: idle.reduce((sum, participant) => sum + participant.drops, 0), connections: idle.length }
  },

  async 'idle-close'() {
    for (const participant of idle) participant.close()
    idle = []
    return {}
  },

  /** Writes `state` into each room through a full client, then leaves. */
  async populate(payload: { target: Target; rooms: string[]; state: Uint8Array; settleMs: number }) {
    const clients = await openMany(payload.rooms.length, (index) => createFull(payload.target, payload.rooms[index]!, payload.state), 10)
    await sleep(payload.settleMs)
    for (const client of clients) client.close()
    return { rooms: clients.length }
  },

  /** Opens one reader per room (loading each document) and holds them. */
  async hold(payload: { target: Target; rooms: string[] }) {
    const readers = await openMany(payload.rooms.length, (index) => createReader(payload.target, payload.rooms[index]!), 10)
    held.push(...readers)
    return { rooms: readers.length, step2Bytes: readers.map((reader) => reader.timings.step2Bytes) }
  },

  async release() {
    for (const participant of held) participant.close()
    held = []
    return {}
  },

  /** The full state of one room, read with a stock client. */
  async 'read-state'(payload: { target: Target; room: string }) {
    const client = createFull(payload.target, payload.room)
    await client.ready
    const state = Y.encodeStateAsUpdate(client.doc!)
    client.close()
    return state
  },
}

// Every stock provider registers an exit listener.
process.setMaxListeners(0)

process.on('message', (message: { id: number; type: string; payload: unknown }) => {
  const handler = handlers[message.type]
  if (!handler) {
    process.send!({ id: message.id, error: `unknown job ${message.type}` })
    return
  }
  handler(message.payload).then(
    (result) => process.send!({ id: message.id, result }),
    (error: Error) => process.send!({ id: message.id, error: error.stack ?? error.message }),
  )
})
process.on('disconnect', () => process.exit(0))
// A stuck job must never keep the generator alive after the orchestrator is gone.
setInterval(() => {
  if (!process.connected) process.exit(0)
}, 5_000).unref()
