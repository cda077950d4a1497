import { describe, expect, it } from 'vitest'
import { EventEmitter } from 'node:events'
import * as Y from 'yjs'
import type { WebSocket } from 'ws'
import { Connection } from './connection.ts'
import { Room } from './room.ts'
import { encodeSyncUpdate } from './frame.ts'
import { silentLogger } from '../log.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { OVER_BUDGET_REASON } from '../../shared/protocol/limits.ts'
import type { Principal } from './extension.ts'

/** The parts of a `ws` socket a Connection uses. */
class FakeSocket extends EventEmitter {
  bufferedAmount = 0
  binaryType = 'nodebuffer'
  closed: { code: number; reason: string } | null = null
  send() {}
  close(code: number, reason: string) {
    this.closed = { code, reason }
  }
  terminate() {}
  ping() {}
  pause() {}
  resume() {}
}

const principal: Principal = { userId: 'u', name: 'U', sessionId: 's', situationId: 'x', part: 'plan', access: 'write', role: 'professional', address: '127.0.0.1' }

describe('the document budget', () => {
  it('refuses, whole, the update that would take a document over its budget, measured exactly before refusing', async () => {
    const room = new Room({ situationId: 'x', part: 'plan' }, [], silentLogger(), { updateBytes: 512 * 1024, documentBytes: 20_000 })
    await room.load()
    const socket = new FakeSocket()
    const connection = new Connection(socket as unknown as WebSocket, principal, silentLogger())
    room.join(connection)
    const writer = new Y.Doc()
    const updates: Uint8Array[] = []
    writer.on('update', (update: Uint8Array) => updates.push(update))
    // Each paragraph ~6 KB: three fit under 20,000 bytes, the fourth does not.
    for (let i = 0; i < 4; i++) writer.getText('notes').insert(writer.getText('notes').length, `${i}`.repeat(6_000))
    for (const update of updates.slice(0, 3)) socket.emit('message', Buffer.from(encodeSyncUpdate(update)), true)
    await room.flush()
    expect(room.doc.getText('notes').length).toBe(18_000)
    expect(socket.closed).toBeNull()
    socket.emit('message', Buffer.from(encodeSyncUpdate(updates[3]!)), true)
    await room.flush()
    expect(socket.closed?.code).toBe(CloseCode.updateRejected)
    expect(socket.closed?.reason.startsWith(`${OVER_BUDGET_REASON}: document`)).toBe(true)
    expect(room.doc.getText('notes').length).toBe(18_000)
    room.destroy()
  })
})
