import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import {
  decodeFrame,
  decodeAwarenessEntries,
  encodeAwarenessEntries,
  encodeAwarenessMessage,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from './frame.ts'

describe('decodeFrame', () => {
  it('reads back what y-protocols writes for step 1, step 2 and update', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'bonjour')
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    syncProtocol.writeSyncStep1(encoder, doc)
    const step1 = decodeFrame(encoding.toUint8Array(encoder))
    expect(step1).toEqual({ kind: 'sync-step1', stateVector: Y.encodeStateVector(doc) })

    const update = Y.encodeStateAsUpdate(doc)
    expect(decodeFrame(encodeSyncStep2(update))).toEqual({ kind: 'sync-step2', update })
    expect(decodeFrame(encodeSyncUpdate(update))).toEqual({ kind: 'sync-update', update })
    expect(decodeFrame(encodeQueryAwareness())).toEqual({ kind: 'query-awareness' })
  })

  it('round-trips awareness entries written by y-protocols', () => {
    const doc = new Y.Doc()
    const awareness = new awarenessProtocol.Awareness(doc)
    awareness.setLocalState({ user: { id: 'u1', name: 'Élise' }, focus: { part: 'plan', path: 'goals/g1/title' } })
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])
    const frame = decodeFrame(encodeAwarenessMessage(update))
    expect(frame.kind).toBe('awareness')
    const entries = frame.kind === 'awareness' ? frame.entries : []
    expect(entries).toEqual([{ clientId: doc.clientID, clock: 1, state: awareness.getLocalState() }])
    expect(decodeAwarenessEntries(encodeAwarenessEntries(entries))).toEqual(entries)
    awareness.destroy()
  })

  it('never throws on seeded random bytes and rejects truncations of valid frames', () => {
    const gen = prng.create(20261125)
    for (let i = 0; i < 20_000; i++) {
      const bytes = prng.uint8Array(gen, prng.uint32(gen, 0, 64))
      const frame = decodeFrame(bytes)
      expect(['error', 'sync-step1', 'sync-step2', 'sync-update', 'awareness', 'query-awareness']).toContain(frame.kind)
    }
    const doc = new Y.Doc()
    doc.getMap('m').set('k', 'valeur')
    const valid = encodeSyncUpdate(Y.encodeStateAsUpdate(doc))
    for (let cut = 1; cut < valid.length; cut++) {
      expect(decodeFrame(valid.slice(0, cut)).kind).toBe('error')
    }
  })

  it('rejects trailing bytes, unknown types and malformed state vectors', () => {
    const step1 = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))
    expect(decodeFrame(new Uint8Array([...step1, 0])).kind).toBe('error')
    expect(decodeFrame(new Uint8Array([9])).kind).toBe('error')
    expect(decodeFrame(new Uint8Array([0, 0, 2, 0x80, 0x80])).kind).toBe('error')
    expect(decodeFrame(new Uint8Array([])).kind).toBe('error')
  })
})
