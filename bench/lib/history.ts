import * as Y from 'yjs'
import { readFileSync, writeFileSync } from 'node:fs'

/**
 * A long editing history: `count` updates from `writers` writers taking turns
 * on one Y.Text (mostly typing 1–3 characters at their own cursor, sometimes
 * moving it or deleting), generated from a seeded random source so every
 * server receives byte-identical updates. One Y.Doc stands for all writers
 * by switching its client id, so generating costs no sync.
 */
export interface History {
  updates: Uint8Array[]
  finalText: string
  /** Y.encodeStateAsUpdate of the final document. */
  state: Uint8Array
  encodedBytes: number
}

export function generateHistory({ count = 100_000, writers = 6, seed = 42, textName = 'bench' } = {}): History {
  let seedState = seed >>> 0
  const random = () => {
    // mulberry32
    seedState = (seedState + 0x6d2b79f5) >>> 0
    let t = seedState
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const doc = new Y.Doc()
  const text = doc.getText(textName)
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const clientIds = Array.from({ length: writers }, (_, index) => 1_000_000 + index * 7919)
  const cursors = clientIds.map(() => 0)
  let writer = 0
  while (updates.length < count) {
    // A writer keeps the keyboard for a few edits, then another takes it.
    if (random() < 0.2) writer = Math.floor(random() * writers)
    doc.clientID = clientIds[writer]!
    const length = text.length
    let cursor = Math.min(cursors[writer]!, length)
    const roll = random()
    if (roll < 0.08) cursor = Math.floor(random() * (length + 1))
    if (roll > 0.95 && cursor > 0) {
      const size = Math.min(cursor, 1 + Math.floor(random() * 3))
      text.delete(cursor - size, size)
      cursor -= size
    } else {
      const size = 1 + Math.floor(random() * 3)
      let chars = ''
      for (let index = 0; index < size; index++) chars += String.fromCharCode(97 + Math.floor(random() * 26))
      if (random() < 0.15) chars = chars.slice(0, -1) + ' '
      text.insert(cursor, chars)
      cursor += size
    }
    cursors[writer] = cursor
  }
  const state = Y.encodeStateAsUpdate(doc)
  return { updates, finalText: text.toString(), state, encodedBytes: state.byteLength }
}

/** Length-prefixed concatenation, so generator processes can read the same bytes. */
export function writeUpdates(file: string, updates: readonly Uint8Array[]): void {
  const total = updates.reduce((sum, update) => sum + 4 + update.byteLength, 0)
  const out = Buffer.alloc(total)
  let offset = 0
  for (const update of updates) {
    out.writeUInt32LE(update.byteLength, offset)
    out.set(update, offset + 4)
    offset += 4 + update.byteLength
  }
  writeFileSync(file, out)
}

export function readUpdates(file: string): Uint8Array[] {
  const bytes = readFileSync(file)
  const updates: Uint8Array[] = []
  for (let offset = 0; offset < bytes.length; ) {
    const size = bytes.readUInt32LE(offset)
    updates.push(bytes.subarray(offset + 4, offset + 4 + size))
    offset += 4 + size
  }
  return updates
}
