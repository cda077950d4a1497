import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'

/**
 * A seeded fuzzer of y-websocket frames. Each socket carries one batch: some
 * fuzz frames, each followed by a WebSocket ping, then a terminator frame the
 * protocol certainly forbids, so every fuzz socket is an offender the server
 * must close. A pong proves the frame before it went through the server's
 * message handler without closing the socket; so "processed" counts frames
 * the server really examined, not bytes that died in a closed socket.
 */

export type FrameKind =
  | 'random'
  | 'truncated-varint'
  | 'overlong-varint'
  | 'header-garbage'
  | 'mutated-sync'
  | 'mutated-awareness'
  | 'valid'
  | 'text'
  | 'empty'
  | 'terminator'
  | 'oversized'
  | 'ping-flood'

interface Frame {
  kind: FrameKind
  data: Uint8Array | string
}

export interface Corpus {
  updates: Uint8Array[]
  stateVectors: Uint8Array[]
  awareness: Uint8Array[]
}

export interface FuzzStats {
  framesSent: number
  framesProcessed: number
  sockets: number
  readerSockets: number
  floods: number
  /** Frames processed inside floods (pipelined from one socket). */
  floodFramesProcessed: number
  pingFloods: number
  oversized: number
  /** Frames sent, by kind. */
  byKind: Partial<Record<FrameKind, number>>
  /** Frames the server examined (pong or close after them), by kind. */
  processedByKind: Partial<Record<FrameKind, number>>
  /** Processed frames of the hostile kinds (HOSTILE_KINDS), outside floods. */
  hostileProcessed: number
  closeCodes: Record<string, number>
  /** Offending sockets the server never closed within the timeout. */
  unclosed: number
  /** Upgrades refused (should be none: the fuzzer has a valid session). */
  refused: number
  durationMs: number
}

export interface FuzzOptions {
  url: string
  writerCookie: string
  readerCookie: string
  seed: number
  /** Fuzz frames to send (terminators and pings not counted). */
  frames: number
  corpus: Corpus
  maxFrameBytes: number
  concurrency?: number
  /** Stop early at this time, whatever the count (every loop is bounded). */
  deadline: number
  /** A flood batch (thousands of frames from one socket) every so many sockets; 0 for none. */
  floodEvery?: number
  floodFrames?: number
  /** One oversized frame every so many sockets; 0 for none. */
  oversizedEvery?: number
  /**
   * Keep going until this many hostile (non-flood, non-valid) frames were
   * processed too, so floods cannot make up the frame count on their own.
   */
  minHostileFrames?: number
}

/** Malformed or mutated frames: what the fuzzer is for (floods, valid frames and terminators aside). */
export const HOSTILE_KINDS: readonly FrameKind[] = ['random', 'truncated-varint', 'overlong-varint', 'header-garbage', 'mutated-sync', 'mutated-awareness', 'text', 'empty']

const sync = (syncType: number, payload: Uint8Array) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

const awarenessMessage = (inner: Uint8Array) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint8Array(encoder, inner)
  return encoding.toUint8Array(encoder)
}

const awarenessUpdate = (entries: { clientId: number; clock: number; state: string }[]) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.state)
  }
  return encoding.toUint8Array(encoder)
}

/**
 * Real updates, state vectors and awareness messages to mutate: edits of
 * every shared type made on copies of the current document.
 */
export function buildCorpus(gen: prng.PRNG, base: Y.Doc, size = 200): Corpus {
  const updates: Uint8Array[] = []
  const stateVectors: Uint8Array[] = [Y.encodeStateVector(base), Y.encodeStateVector(new Y.Doc())]
  for (let d = 0; d < 8; d++) {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
    const before = Y.encodeStateVector(doc)
    doc.on('update', (update: Uint8Array) => updates.push(update))
    for (let i = 0; i < size / 8; i++) {
      const choice = prng.uint32(gen, 0, 5)
      const text = doc.getText(`fuzz-text-${d % 2}`)
      if (choice === 0) doc.getMap('fuzz').set(prng.word(gen, 1, 8), prng.oneOf(gen, [prng.word(gen), prng.int31(gen, -1e6, 1e6), null, { nested: [1, 'a'] }, true]))
      else if (choice === 1) doc.getArray('fuzz-array').insert(0, [prng.word(gen), new Y.Map(), new Y.Text('t')])
      else if (choice === 2) text.insert(prng.uint32(gen, 0, text.length), prng.utf16String(gen, 12))
      else if (choice === 3 && text.length > 3) text.delete(prng.uint32(gen, 0, text.length - 3), 2)
      else if (choice === 4) {
        const fragment = doc.getXmlFragment('fuzz-xml')
        const element = new Y.XmlElement('paragraph')
        element.insert(0, [new Y.XmlText(prng.word(gen))])
        fragment.insert(0, [element])
      } else {
        const array = doc.getArray('fuzz-array')
        if (array.length > 0) array.delete(0, 1)
      }
    }
    updates.push(Y.encodeStateAsUpdate(doc, before))
    stateVectors.push(Y.encodeStateVector(doc))
    doc.destroy()
  }
  updates.push(Y.encodeStateAsUpdate(new Y.Doc()))
  const awareness: Uint8Array[] = []
  for (let i = 0; i < 40; i++) {
    const state = JSON.stringify({
      user: { id: prng.oneOf(gen, ['user-medecin', 'user-social', 'nobody', '']), name: prng.utf16String(gen, 10), role: 'professional', color: '#123456' },
      focus: { part: 'plan', path: [prng.word(gen), 'title'] },
    })
    awareness.push(awarenessUpdate([{ clientId: prng.uint32(gen, 0, 2 ** 31), clock: prng.uint32(gen, 0, 50), state: prng.bool(gen) ? state : 'null' }]))
  }
  return { updates, stateVectors, awareness }
}

/** Byte-level mutations, several per frame. */
export function mutate(gen: prng.PRNG, input: Uint8Array, donors: readonly Uint8Array[]): Uint8Array {
  let bytes = Array.from(input)
  const rounds = prng.uint32(gen, 1, 4)
  for (let round = 0; round < rounds; round++) {
    const at = prng.uint32(gen, 0, Math.max(0, bytes.length - 1))
    switch (prng.uint32(gen, 0, 7)) {
      case 0:
        if (bytes.length > 0) bytes[at] = bytes[at]! ^ (1 << prng.uint32(gen, 0, 7))
        break
      case 1:
        if (bytes.length > 0) bytes[at] = prng.oneOf(gen, [0, 1, 0x7f, 0x80, 0xff, prng.uint32(gen, 0, 255)])
        break
      case 2:
        bytes.splice(at, 0, ...prng.uint8Array(gen, prng.uint32(gen, 1, 8)))
        break
      case 3:
        bytes.splice(at, prng.uint32(gen, 1, 8))
        break
      case 4:
        bytes = bytes.slice(0, at)
        break
      case 5:
        bytes.splice(at, 0, ...bytes.slice(at, at + prng.uint32(gen, 1, 32)))
        break
      case 6: {
        const donor = prng.oneOf(gen, donors as Uint8Array[])
        const from = prng.uint32(gen, 0, Math.max(0, donor.length - 1))
        bytes.splice(at, prng.uint32(gen, 0, 8), ...donor.slice(from, from + prng.uint32(gen, 1, 16)))
        break
      }
      default:
        // an overlong varint where a number was
        bytes.splice(at, 1, ...new Array(prng.uint32(gen, 6, 12)).fill(0xff), 0x01)
    }
  }
  return Uint8Array.from(bytes)
}

const TERMINATORS: readonly (() => Uint8Array | string)[] = [
  () => 'not a binary frame',
  () => Uint8Array.of(0x80),
  () => Uint8Array.of(7, 1, 2),
  () => Uint8Array.of(0, 9, 0),
  () => Uint8Array.of(2, 0),
  () => Uint8Array.of(...sync(0, Uint8Array.of(0)), 42),
]

/** One fuzz frame of a seeded random kind. */
export function fuzzFrame(gen: prng.PRNG, corpus: Corpus): Frame {
  const roll = prng.uint32(gen, 0, 99)
  const update = () => prng.oneOf(gen, corpus.updates)
  if (roll < 12) return { kind: 'random', data: prng.uint8Array(gen, prng.bool(gen) ? prng.uint32(gen, 1, 16) : prng.uint32(gen, 1, 512)) }
  if (roll < 20) {
    const whole = prng.oneOf(gen, [sync(2, update()), awarenessMessage(prng.oneOf(gen, corpus.awareness)), sync(0, prng.oneOf(gen, corpus.stateVectors))])
    // cut right after a byte with its continuation bit set
    const cut = whole.findIndex((byte, index) => index > 0 && byte >= 0x80)
    return { kind: 'truncated-varint', data: cut > 0 ? whole.slice(0, cut + 1) : Uint8Array.of(0, 0x80) }
  }
  if (roll < 28) {
    const overlong = new Array(prng.uint32(gen, 8, 20)).fill(0xff)
    return {
      kind: 'overlong-varint',
      data: Uint8Array.from(
        prng.oneOf(gen, [
          [...overlong, 0x01],
          [0, ...overlong, 0x01, 0],
          [0, 2, ...overlong, 0x0f, 1, 2, 3],
          [1, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2],
          [0, 0, 0xf0, 0xff, 0xff, 0xff, 0x7f],
        ]),
      ),
    }
  }
  if (roll < 42) {
    const body = prng.uint8Array(gen, prng.uint32(gen, 0, 200))
    return { kind: 'header-garbage', data: prng.oneOf(gen, [sync(prng.uint32(gen, 0, 2), body), awarenessMessage(body), Uint8Array.of(3, ...body.slice(0, 4))]) }
  }
  if (roll < 72) {
    const syncType = prng.oneOf(gen, [1, 2, 2, 0])
    const inner = syncType === 0 ? prng.oneOf(gen, corpus.stateVectors) : update()
    const data = prng.bool(gen) ? sync(syncType, mutate(gen, inner, corpus.updates)) : mutate(gen, sync(syncType, inner), corpus.updates)
    return { kind: 'mutated-sync', data }
  }
  if (roll < 87) {
    const inner = prng.oneOf(gen, corpus.awareness)
    return { kind: 'mutated-awareness', data: prng.bool(gen) ? awarenessMessage(mutate(gen, inner, corpus.awareness)) : mutate(gen, awarenessMessage(inner), corpus.awareness) }
  }
  if (roll < 97) {
    return {
      kind: 'valid',
      data: prng.oneOf(gen, [
        Uint8Array.of(3),
        sync(0, prng.oneOf(gen, corpus.stateVectors)),
        awarenessMessage(prng.oneOf(gen, corpus.awareness)),
        sync(2, Y.encodeStateAsUpdate(new Y.Doc())),
        sync(prng.oneOf(gen, [1, 2]), update()),
      ]),
    }
  }
  if (roll < 99) return { kind: 'text', data: prng.word(gen, 0, 20) }
  return { kind: 'empty', data: new Uint8Array(0) }
}

interface SocketResult {
  sent: number
  processed: number
  code: number | null
  refused: boolean
}

/**
 * Opens one socket and sends its frames. A flood is pipelined (that is the
 * attack), with a ping every 64 frames to learn how far the server got; any
 * other batch sends one frame at a time and waits for the pong that follows
 * it, so no frame is sent into a socket the server already condemned.
 * (`ws` terminates a peer with too many unanswered pings, so never one ping
 * per pipelined frame.)
 */
async function runSocket(url: string, cookie: string, frames: readonly Frame[], pipelined: boolean, closeTimeoutMs: number): Promise<SocketResult> {
  const socket = new WebSocket(url, { headers: { cookie }, perMessageDeflate: false })
  socket.on('error', () => {})
  socket.on('message', () => {})
  /** Frames sent when each outstanding ping left. */
  const pings: number[] = []
  let acknowledged = 0
  let onPong: (() => void) | null = null
  socket.on('pong', () => {
    acknowledged = Math.max(acknowledged, pings.shift() ?? 0)
    onPong?.()
  })
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
  const opened = await new Promise<boolean>((resolve) => {
    socket.once('open', () => resolve(true))
    socket.once('unexpected-response', (_request, response) => {
      response.resume()
      socket.terminate()
      resolve(false)
    })
    socket.once('close', () => resolve(false))
  })
  if (!opened) return { sent: 0, processed: 0, code: null, refused: true }
  const giveUp = () => new Promise<void>((resolve) => setTimeout(resolve, closeTimeoutMs).unref())
  const ping = (sentSoFar: number) => {
    pings.push(sentSoFar)
    socket.ping()
  }
  let sent = 0
  for (const frame of frames) {
    if (socket.readyState !== WebSocket.OPEN) break
    const binary = typeof frame.data !== 'string'
    if (frame.kind === 'terminator') {
      socket.send(frame.data, { binary })
      break
    }
    sent++
    if (frame.kind === 'ping-flood') {
      for (let i = 0; i < 200 && socket.readyState === WebSocket.OPEN; i++) socket.ping()
      await Promise.race([closed, giveUp()])
    } else if (pipelined) {
      // Every 64 frames: a ping, and wait until the frames reach the kernel (a paused reader pushes back).
      if (sent % 64 === 0) {
        await Promise.race([new Promise<void>((resolve) => socket.send(frame.data, { binary }, () => resolve())), closed, giveUp()])
        if (socket.readyState === WebSocket.OPEN) ping(sent)
      } else socket.send(frame.data, { binary })
    } else {
      const answered = new Promise<void>((resolve) => {
        onPong = resolve
      })
      socket.send(frame.data, { binary })
      ping(sent)
      await Promise.race([answered, closed, giveUp()])
      onPong = null
    }
  }
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), closeTimeoutMs).unref())
  const code = await Promise.race([closed, timeout])
  if (code === null) socket.terminate()
  // The frame that made the server close was examined too.
  const serverClosed = code !== null && code !== 1006
  return { sent, processed: Math.min(sent, acknowledged + (serverClosed && !pipelined ? 1 : 0)), code, refused: false }
}

export async function runHostileFrames(options: FuzzOptions): Promise<FuzzStats> {
  const { url, writerCookie, readerCookie, seed, frames, corpus, maxFrameBytes, concurrency = 12, deadline, floodEvery = 0, floodFrames = 3_000, oversizedEvery = 0, minHostileFrames = 0 } = options
  const gen = prng.create(seed)
  const started = Date.now()
  const stats: FuzzStats = {
    framesSent: 0,
    framesProcessed: 0,
    sockets: 0,
    readerSockets: 0,
    floods: 0,
    floodFramesProcessed: 0,
    pingFloods: 0,
    oversized: 0,
    byKind: {},
    processedByKind: {},
    hostileProcessed: 0,
    closeCodes: {},
    unclosed: 0,
    refused: 0,
    durationMs: 0,
  }
  let processedSoFar = 0
  const nextBatch = (): { frames: Frame[]; reader: boolean; timeoutMs: number; pipelined: boolean } => {
    const socketIndex = stats.sockets++
    const reader = prng.uint32(gen, 0, 4) === 0
    if (reader) stats.readerSockets++
    const batch: Frame[] = []
    let timeoutMs = 5_000
    let pipelined = false
    if (oversizedEvery > 0 && socketIndex % oversizedEvery === Math.floor(oversizedEvery / 2)) {
      stats.pingFloods++
      batch.push({ kind: 'ping-flood', data: new Uint8Array(0) })
    } else if (oversizedEvery > 0 && socketIndex % oversizedEvery === oversizedEvery - 1) {
      stats.oversized++
      batch.push({ kind: 'oversized', data: new Uint8Array(maxFrameBytes + 1) })
    } else if (floodEvery > 0 && socketIndex % floodEvery === Math.floor(floodEvery / 3)) {
      stats.floods++
      timeoutMs = 30_000
      pipelined = true
      // Mostly frames a server must accept, so the flood is not cut short by the first bad one.
      for (let i = 0; i < floodFrames; i++) {
        batch.push({ kind: 'valid', data: prng.oneOf(gen, [Uint8Array.of(3), sync(0, prng.oneOf(gen, corpus.stateVectors.slice(0, 1))), awarenessMessage(prng.oneOf(gen, corpus.awareness))]) })
      }
    } else {
      const count = prng.bool(gen) ? 1 : prng.uint32(gen, 2, 32)
      for (let i = 0; i < count; i++) batch.push(fuzzFrame(gen, corpus))
    }
    batch.push({ kind: 'terminator', data: prng.oneOf(gen, TERMINATORS as (() => Uint8Array | string)[])() })
    return { frames: batch, reader, timeoutMs, pipelined }
  }

  const worker = async () => {
    while ((processedSoFar < frames || stats.hostileProcessed < minHostileFrames) && Date.now() < deadline) {
      const batch = nextBatch()
      const result = await runSocket(url, batch.reader ? readerCookie : writerCookie, batch.frames, batch.pipelined, batch.timeoutMs)
      if (result.refused) {
        stats.refused++
        continue
      }
      for (const frame of batch.frames.slice(0, result.sent)) stats.byKind[frame.kind] = (stats.byKind[frame.kind] ?? 0) + 1
      // Frames go one at a time outside floods: the first `processed` ones are those the server examined.
      for (const frame of batch.frames.slice(0, result.processed)) {
        stats.processedByKind[frame.kind] = (stats.processedByKind[frame.kind] ?? 0) + 1
        if (!batch.pipelined && HOSTILE_KINDS.includes(frame.kind)) stats.hostileProcessed++
      }
      stats.framesSent += result.sent
      stats.framesProcessed += result.processed
      if (batch.pipelined) stats.floodFramesProcessed += result.processed
      processedSoFar += result.processed
      const key = result.code === null ? 'none' : String(result.code)
      stats.closeCodes[key] = (stats.closeCodes[key] ?? 0) + 1
      if (result.code === null) stats.unclosed++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  stats.durationMs = Date.now() - started
  return stats
}
