import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { connectClient, type TestClient } from '../helpers/clients.ts'

/**
 * A steady edit load from stock y-websocket clients. Every edit pushes one
 * marker `<editor>:<n>:<sentAt>` to the `load` array (and types into a shared
 * text), so a test can tell which updates each client received from the
 * others, and how long they took to arrive.
 */
export const LOAD_ROOT = 'load'

export interface Editor {
  name: string
  client: TestClient
  /** Markers this editor created, in order. */
  sent: string[]
  /** Delivery delays (ms) of other editors' markers, measured at arrival. */
  latencies: number[]
  /** Markers in this client's document that another editor wrote. */
  receivedFromOthers(): Set<string>
  start(): void
  stop(): void
  destroy(): void
}

export interface EditorOptions {
  wsUrl: string
  room: string
  cookie: string
  name: string
  gen: prng.PRNG
  /** Pause between two edits, drawn uniformly (ms). */
  minPauseMs?: number
  maxPauseMs?: number
  /** Stop by itself after this many edits (every loop is bounded). */
  maxEdits?: number
}

export const markerAuthor = (marker: string): string => marker.slice(0, marker.indexOf(':'))

export function createEditor({ wsUrl, room, cookie, name, gen, minPauseMs = 5, maxPauseMs = 25, maxEdits = 20_000 }: EditorOptions): Editor {
  const client = connectClient(wsUrl, room, cookie)
  const markers = client.doc.getArray<string>(LOAD_ROOT)
  const text = client.doc.getText('load-text')
  const sent: string[] = []
  const latencies: number[] = []
  let timer: NodeJS.Timeout | null = null
  let running = false

  markers.observe((event) => {
    if (event.transaction.local) return
    const now = Date.now()
    for (const delta of event.changes.delta) {
      for (const marker of (delta.insert as string[] | undefined) ?? []) {
        if (markerAuthor(marker) === name) continue
        latencies.push(now - Number(marker.split(':')[2]))
      }
    }
  })

  const edit = () => {
    timer = null
    if (!running || sent.length >= maxEdits) return
    const marker = `${name}:${sent.length}:${Date.now()}`
    client.doc.transact(() => {
      markers.push([marker])
      const at = prng.uint32(gen, 0, text.length)
      if (text.length > 2_000 && prng.bool(gen)) text.delete(Math.min(at, text.length - 5), 5)
      else text.insert(at, prng.word(gen, 1, 6))
    })
    sent.push(marker)
    timer = setTimeout(edit, prng.uint32(gen, minPauseMs, maxPauseMs))
  }

  return {
    name,
    client,
    sent,
    latencies,
    receivedFromOthers() {
      return new Set(markers.toArray().filter((marker) => markerAuthor(marker) !== name))
    },
    start() {
      if (running) return
      running = true
      edit()
    },
    stop() {
      running = false
      if (timer) clearTimeout(timer)
      timer = null
    },
    destroy() {
      this.stop()
      client.destroy()
    },
  }
}

export const markersOf = (doc: Y.Doc): string[] => doc.getArray<string>(LOAD_ROOT).toArray()

/** Percentiles of a list of numbers (ms), for reports. */
export function percentiles(values: readonly number[]): { count: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!)
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0 }
}
