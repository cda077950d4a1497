import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import { messageAwareness, messageSync } from 'y-websocket'
import { isDocumentUpdate } from './read-only-socket.ts'

/** A frame as y-websocket writes it: the message tag, then the body. */
const frame = (tag: number, write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, tag)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

describe('a reader socket', () => {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'bonjour')
  const update = Y.encodeStateAsUpdate(doc)

  it('recognises a document update frame, as bytes or as a buffer', () => {
    const bytes = frame(messageSync, (encoder) => syncProtocol.writeUpdate(encoder, update))
    expect(isDocumentUpdate(bytes)).toBe(true)
    expect(isDocumentUpdate(bytes.slice().buffer)).toBe(true)
  })

  it('lets the handshake, its answer and awareness through', () => {
    expect(isDocumentUpdate(frame(messageSync, (encoder) => syncProtocol.writeSyncStep1(encoder, doc)))).toBe(false)
    expect(isDocumentUpdate(frame(messageSync, (encoder) => syncProtocol.writeSyncStep2(encoder, doc)))).toBe(false)
    const awareness = new awarenessProtocol.Awareness(doc)
    awareness.setLocalStateField('user', { id: 'u1' })
    expect(isDocumentUpdate(frame(messageAwareness, (encoder) => encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]))))).toBe(false)
    awareness.destroy()
  })

  it('ignores text and empty frames', () => {
    expect(isDocumentUpdate('hello')).toBe(false)
    expect(isDocumentUpdate(new Uint8Array())).toBe(false)
  })
})
