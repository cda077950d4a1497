import * as Y from 'yjs'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { HocuspocusProvider, type HocuspocusProviderConfiguration } from '@hocuspocus/provider'
import {
  EMPTY_STATE_VECTOR,
  EMPTY_UPDATE,
  encodeHocuspocusAuth,
  encodeSync,
  readFrame,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
} from '../lib/protocol.ts'
import type { ServerKind } from '../lib/processes.ts'

/** Where a generator connects: the server kind decides the client and the URL. */
export interface Target {
  kind: ServerKind
  port: number
  /** Concerto session cookie (the demo coordinator who created the rooms). */
  cookie?: string
  /**
   * Concerto: one member per room, with its own session (the server caps the
   * open sockets of one user at 32, so one user cannot hold every connection).
   */
  cookies?: Record<string, string>
}

/** The session a connection to `room` presents (Concerto only). */
export const cookieFor = (target: Target, room: string): string | undefined => target.cookies?.[room] ?? target.cookie

/**
 * One simulated participant. A full client holds a Y.Doc and the server's
 * own client library (y-websocket's WebsocketProvider, HocuspocusProvider, or
 * a raw socket applying updates for the relay); a reader only reads the edit
 * ids (client id and clock range) of each update it receives and applies nothing.
 */
export interface Participant {
  readonly full: boolean
  readonly doc: Y.Doc | null
  /** Resolves once the server's sync step 2 (or, for the relay, the open) has arrived. */
  readonly ready: Promise<void>
  /** Connections lost after ready. */
  drops: number
  /** Called with every remote update (possibly several edits merged) and its arrival time. */
  onEdit: (update: Uint8Array, at: number) => void
  /** The Yjs client id this participant writes with (typists), whose echo is not a delivery. */
  readonly clientId?: number
  close(): void
}

const REMOTE = Symbol('remote')
export const TEXT_NAME = 'bench'

const socketClass = (cookie: string | undefined) =>
  class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: cookie ? { cookie } : {} })
    }
  }

const base = (port: number) => `ws://127.0.0.1:${port}`

/** The URL a raw socket opens for a room (Hocuspocus names the document inside each frame). */
export function rawUrl(target: Target, room: string): string {
  switch (target.kind) {
    case 'concerto':
      return `${base(target.port)}/sync/${room}/plan`
    case 'hocuspocus':
      return `${base(target.port)}/`
    default:
      return `${base(target.port)}/${room}`
  }
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
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

export function createFull(target: Target, room: string, initial?: Uint8Array): Participant {
  const doc = new Y.Doc()
  if (initial) Y.applyUpdate(doc, initial)
  let onEdit: Participant['onEdit'] = () => {}
  let drops = 0
  let isReady = false
  let close: () => void
  let ready: Promise<void>

  const listenRemote = (isRemote: (origin: unknown) => boolean) =>
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (isRemote(origin)) onEdit(update, performance.now())
    })

  if (target.kind === 'concerto' || target.kind === 'yws') {
    const provider =
      target.kind === 'concerto'
        ? new WebsocketProvider(`${base(target.port)}/sync`, `${room}/plan`, doc, { WebSocketPolyfill: socketClass(cookieFor(target, room)) as never, disableBc: true })
        : new WebsocketProvider(base(target.port), room, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true })
    listenRemote((origin) => origin === provider)
    ready = new Promise<void>((resolve) => {
      const onSync = (synced: boolean) => {
        if (!synced) return
        provider.off('sync', onSync)
        isReady = true
        resolve()
      }
      provider.on('sync', onSync)
    })
    provider.on('connection-close', () => {
      if (isReady) drops++
    })
    close = () => {
      provider.destroy()
      doc.destroy()
    }
  } else if (target.kind === 'hocuspocus') {
    // The whole configuration reaches the HocuspocusProviderWebsocket it creates (its type omits the polyfill).
    const configuration = { url: base(target.port), name: room, document: doc, WebSocketPolyfill: WebSocket }
    const provider = new HocuspocusProvider(configuration as HocuspocusProviderConfiguration)
    listenRemote((origin) => origin === provider)
    ready = new Promise<void>((resolve) => {
      provider.on('synced', () => {
        isReady = true
        resolve()
      })
    })
    provider.on('disconnect', () => {
      if (isReady) drops++
    })
    close = () => {
      provider.destroy()
      doc.destroy()
    }
  } else {
    const socket = new WebSocket(rawUrl(target, room))
    listenRemote((origin) => origin === REMOTE)
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE && socket.readyState === WebSocket.OPEN) socket.send(encodeSync(null, SYNC_UPDATE, update))
    })
    socket.on('message', (data: Buffer) => {
      const frame = readFrame(data, false)
      if (frame.kind === 'update' || frame.kind === 'step2') Y.applyUpdate(doc, frame.update, REMOTE)
    })
    ready = new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        isReady = true
        resolve()
      })
      socket.once('error', reject)
    })
    socket.on('close', () => {
      if (isReady) drops++
    })
    close = () => {
      isReady = false
      socket.terminate()
      doc.destroy()
    }
  }
  return {
    full: true,
    doc,
    clientId: doc.clientID,
    ready: withTimeout(ready, 60_000, `full client sync (${room})`),
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
      close()
    },
  }
}

export interface RawTimings {
  /** performance.now() at open, at the first sync frame, and at the first step 2. */
  openAt: number
  firstSyncAt: number
  step2At: number
  step2Bytes: number
}

/**
 * A reading participant on a raw socket: it greets like a stock client
 * (sync step 1 with an empty state vector, an empty step 2 in answer to the
 * server's step 1), then only reads the edit id of each update.
 */
export function createReader(target: Target, room: string): Participant & { timings: RawTimings } {
  const hocuspocus = target.kind === 'hocuspocus'
  const relay = target.kind === 'relay'
  const name = hocuspocus ? room : null
  const cookie = cookieFor(target, room)
  const socket = new WebSocket(rawUrl(target, room), { perMessageDeflate: false, ...(cookie ? { headers: { cookie } } : {}) })
  const timings: RawTimings = { openAt: 0, firstSyncAt: 0, step2At: 0, step2Bytes: 0 }
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
    timings.openAt = performance.now()
    if (relay) return resolveReady()
    if (hocuspocus) socket.send(encodeHocuspocusAuth(room))
    socket.send(encodeSync(name, SYNC_STEP1, EMPTY_STATE_VECTOR))
  })
  socket.on('message', (data: Buffer) => {
    const frame = readFrame(data, hocuspocus)
    if (frame.kind === 'update') {
      onEdit(frame.update, performance.now())
      return
    }
    if (frame.kind === 'other') return
    timings.firstSyncAt ||= performance.now()
    if (frame.kind === 'step1' && !hocuspocus) socket.send(encodeSync(null, SYNC_STEP2, EMPTY_UPDATE))
    if (frame.kind === 'step2' && timings.step2At === 0) {
      timings.step2At = performance.now()
      timings.step2Bytes = frame.update.byteLength
      resolveReady()
    }
  })
  socket.on('close', () => {
    if (isReady) drops++
  })
  return {
    full: false,
    doc: null,
    timings,
    ready: withTimeout(ready, 120_000, `reader sync (${room})`),
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
    },
  }
}

/** Opens `count` participants `batch` at a time and waits for each to be ready. */
export async function openMany<T extends Participant>(count: number, open: (index: number) => T, batch = 50): Promise<T[]> {
  const all: T[] = []
  for (let start = 0; start < count; start += batch) {
    const group: T[] = []
    for (let index = start; index < Math.min(count, start + batch); index++) group.push(open(index))
    all.push(...group)
    await Promise.all(group.map((participant) => participant.ready))
  }
  return all
}
