import { describe, expect, it } from 'vitest'
import { EventEmitter } from 'node:events'
import type { WebSocket } from 'ws'
import { Connection } from './connection.ts'
import { silentLogger } from '../log.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import type { Principal } from './extension.ts'

/** A socket with the parts of `ws` a Connection uses, whose buffer we control. */
class FakeSocket extends EventEmitter {
  bufferedAmount = 0
  binaryType = 'nodebuffer'
  sent: Uint8Array[] = []
  closedWith: number | null = null
  paused = false
  send(bytes: Uint8Array) {
    this.sent.push(bytes)
  }
  close(code: number) {
    this.closedWith = code
  }
  terminate() {}
  ping() {}
  pause() {
    this.paused = true
  }
  resume() {
    this.paused = false
  }
}

const principal: Principal = { userId: 'u', name: 'U', sessionId: 's', situationId: 'x', part: 'plan', access: 'write', role: 'professional', address: '127.0.0.1' }
const make = (options = {}) => {
  const socket = new FakeSocket()
  const connection = new Connection(socket as unknown as WebSocket, principal, silentLogger(), options)
  return { socket, connection }
}

describe('Connection', () => {
  it('drops a reader whose send buffer passed the limit instead of growing memory', () => {
    const { socket, connection } = make({ maxBufferedBytes: 1000 })
    connection.send(new Uint8Array(10))
    socket.bufferedAmount = 5000
    connection.send(new Uint8Array(10))
    expect(socket.sent).toHaveLength(1)
    expect(socket.closedWith).toBe(CloseCode.slowConsumer)
  })

  it('queues frames until ready, in order, and bounds the queue', () => {
    const { socket, connection } = make({ maxQueuedMessages: 3 })
    for (const n of [1, 2, 3]) socket.emit('message', Buffer.from([n]), true)
    const seen: number[] = []
    connection.ready({ receive: (_from, bytes) => seen.push(bytes[0]!) })
    expect(seen).toEqual([1, 2, 3])
    const second = make({ maxQueuedMessages: 3 })
    for (const n of [1, 2, 3, 4]) second.socket.emit('message', Buffer.from([n]), true)
    expect(second.socket.closedWith).toBe(CloseCode.rateLimited)
  })

  it('holds a flood to the allowed rate, in order, pausing the socket instead of closing it', async () => {
    const { socket, connection } = make({ maxMessagesPerSecond: 100, maxMessagesBurst: 10 })
    const seen: number[] = []
    connection.ready({ receive: (_from, bytes) => seen.push(bytes[0]!) })
    for (let i = 0; i < 15; i++) socket.emit('message', Buffer.from([i]), true)
    expect(socket.paused).toBe(true)
    expect(socket.closedWith).toBeNull()
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])
    expect(socket.paused).toBe(false)
  })

  it('handles at most one turn budget of frames per event-loop turn, the rest on later turns in order', async () => {
    const { socket, connection } = make({ maxMessagesPerTurn: 4 })
    const seen: number[] = []
    connection.ready({ receive: (_from, bytes) => seen.push(bytes[0]!) })
    for (let i = 0; i < 10; i++) socket.emit('message', Buffer.from([i]), true)
    expect(seen).toEqual([0, 1, 2, 3])
    expect(socket.paused).toBe(true)
    await new Promise((resolve) => setImmediate(resolve))
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(socket.paused).toBe(false)
  })

  it('still handles the frames within the rate that wait for the next turn when the peer closes', () => {
    const { socket, connection } = make({ maxMessagesPerTurn: 4, maxMessagesPerSecond: 100, maxMessagesBurst: 8 })
    const seen: number[] = []
    connection.ready({ receive: (_from, bytes) => seen.push(bytes[0]!) })
    for (let i = 0; i < 12; i++) socket.emit('message', Buffer.from([i]), true)
    expect(seen).toEqual([0, 1, 2, 3])
    socket.emit('close')
    // 8 tokens: 4 used, 4 more within the rate; the last 4 are over it and dropped with the connection.
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(connection.closed).toBe(true)
  })

  it('hands frames queued during the load to the room one turn budget at a time, in order, before newer ones', async () => {
    const { socket, connection } = make({ maxMessagesPerTurn: 4 })
    for (let i = 0; i < 10; i++) socket.emit('message', Buffer.from([i]), true)
    // The load takes a while: every frame ends up queued.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const seen: number[] = []
    connection.ready({ receive: (_from, bytes) => seen.push(bytes[0]!) })
    expect(seen).toEqual([0, 1, 2, 3])
    expect(socket.paused).toBe(true)
    // A frame arriving now waits behind the queued ones.
    socket.emit('message', Buffer.from([10]), true)
    await new Promise((resolve) => setImmediate(resolve))
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(socket.paused).toBe(false)
  })

  it('holds a byte flood to the allowed bytes per second, in order, pausing the socket; the largest frame still passes', async () => {
    const { socket, connection } = make({ maxBytesPerSecond: 10_000, maxBytesBurst: 2_000 })
    const seen: number[] = []
    connection.ready({ receive: (_from, bytes) => seen.push(bytes[0]!) })
    const frame = (n: number, size = 1_000) => {
      const bytes = Buffer.alloc(size)
      bytes[0] = n
      return bytes
    }
    for (let i = 0; i < 4; i++) socket.emit('message', frame(i), true)
    // Burst of 2,000 bytes: two frames now, the others wait (about 100 ms each).
    expect(seen).toEqual([0, 1])
    expect(socket.paused).toBe(true)
    expect(socket.closedWith).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(seen).toEqual([0, 1, 2, 3])
    // A frame bigger than the burst costs one burst: it waits for a full bucket, never forever.
    socket.emit('message', frame(4, 50_000), true)
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(seen).toEqual([0, 1, 2, 3, 4])
    expect(socket.paused).toBe(false)
  })

  it('closes on a text frame', () => {
    const { socket } = make()
    socket.emit('message', Buffer.from('bonjour'), false)
    expect(socket.closedWith).toBe(CloseCode.badFrame)
  })
})
