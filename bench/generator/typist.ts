import * as Y from 'yjs'
import WebSocket from 'ws'
import { cookieFor, rawUrl, TEXT_NAME, type Participant, type Target } from './clients.ts'
import { EMPTY_UPDATE, encodeHocuspocusAuth, encodeSync, readFrame, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from '../lib/protocol.ts'

/**
 * A typist that costs the generator almost nothing per edit: its updates are
 * made ahead of time with a real Y.Doc (`prepare`, outside the measured
 * window), each already framed for the server, and `type` only writes the
 * next frame to a raw socket. It greets like a stock client (sync step 1
 * with its state vector; the server's step 1 answered with a step 2 of what
 * the server lacks from it) and then reads the edit ids of what arrives,
 * as a reader does. It never applies remote updates: the reference clients
 * (full Y.Docs with the server's own client library) check that every room
 * converges, these edits included.
 *
 * The edits are 1–3 letters at a random place of the typist's own text,
 * from a random source seeded per typist, so every server receives the same
 * bytes. Concurrent inserts of several typists integrate like any others.
 */
export interface RawTypist extends Participant {
  readonly clientId: number
  /** Clock each prepared edit starts at (the reader's way to know it arrived). */
  readonly clocks: number[]
  /** Edits prepared and not sent yet. */
  readonly pending: number
  /** The clock after the last edit sent: what a reference client must have of this typist. */
  readonly writtenClock: number
  /** Makes `count` more edits ready to send. */
  prepare(count: number): void
  /** Sends the next prepared edit; returns its clock, or -1 when none is left. */
  type(): number
}

const mulberry32 = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function createTypist(target: Target, room: string, seed: number): RawTypist {
  const hocuspocus = target.kind === 'hocuspocus'
  const relay = target.kind === 'relay'
  const name = hocuspocus ? room : null
  const random = mulberry32(seed)
  const doc = new Y.Doc()
  // A client id from the seed: the same edits, byte for byte, on every server.
  doc.clientID = 1 + Math.floor(random() * 0x7ffffffe)
  const text = doc.getText(TEXT_NAME)
  const updates: Uint8Array[] = []
  const frames: Uint8Array[] = []
  const clocks: number[] = []
  let sentUpTo = 0
  let captured: Uint8Array | null = null
  doc.on('update', (update: Uint8Array) => {
    captured = update
  })

  const cookie = cookieFor(target, room)
  const socket = new WebSocket(rawUrl(target, room), { perMessageDeflate: false, ...(cookie ? { headers: { cookie } } : {}) })
  let onEdit: Participant['onEdit'] = () => {}
  let drops = 0
  let isReady = false
  let resolveReady: () => void = () => {}
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = () => {
      isReady = true
      resolve()
    }
    socket.once('error', reject)
  })
  socket.on('open', () => {
    if (relay) return resolveReady()
    if (hocuspocus) socket.send(encodeHocuspocusAuth(room))
    // What the typist already wrote (after a reconnect the server may lack some of it).
    socket.send(encodeSync(name, SYNC_STEP1, Y.encodeStateVector(doc)))
  })
  socket.on('message', (data: Buffer) => {
    const frame = readFrame(data, hocuspocus)
    if (frame.kind === 'update') {
      onEdit(frame.update, performance.now())
      return
    }
    if (frame.kind === 'step1') {
      // What the server lacks of what this typist sent (edits go out in order; prepared ones are not written yet).
      const written = sentUpTo === 0 ? EMPTY_UPDATE : Y.mergeUpdates(updates.slice(0, sentUpTo))
      socket.send(encodeSync(name, SYNC_STEP2, Y.diffUpdate(written, frame.stateVector)))
      return
    }
    if (frame.kind === 'step2' && !isReady) resolveReady()
  })
  socket.on('close', () => {
    if (isReady) drops++
  })

  return {
    full: false,
    doc: null,
    clientId: doc.clientID,
    clocks,
    ready: withDeadline(ready, 120_000, `typist sync (${room})`),
    get pending() {
      return frames.length - sentUpTo
    },
    get writtenClock() {
      return sentUpTo === 0 ? 0 : Y.parseUpdateMeta(updates[sentUpTo - 1]!).to.get(doc.clientID) ?? 0
    },
    prepare(count: number) {
      for (let made = 0; made < count; made++) {
        const clock = Y.getState(doc.store, doc.clientID)
        const size = 1 + Math.floor(random() * 3)
        let chars = ''
        for (let index = 0; index < size; index++) chars += String.fromCharCode(97 + Math.floor(random() * 26))
        text.insert(Math.floor(random() * (text.length + 1)), chars)
        updates.push(captured!)
        frames.push(encodeSync(name, SYNC_UPDATE, captured!))
        clocks.push(clock)
      }
    },
    type() {
      if (sentUpTo >= frames.length || socket.readyState !== WebSocket.OPEN) return -1
      socket.send(frames[sentUpTo]!)
      return clocks[sentUpTo++]!
    },
    get drops() {
      return drops
    },
    set drops(value) {
      drops = value
    },
    get onEdit() {
      return onEdit
    },
    set onEdit(handler) {
      onEdit = handler
    },
    close: () => {
      isReady = false
      socket.terminate()
      doc.destroy()
    },
  }
}

const withDeadline = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
