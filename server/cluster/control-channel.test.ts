import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { openPostgres, type PostgresDb } from '../storage/postgres/connect.ts'
import { createTestDatabase } from '../storage/postgres/test-database.ts'
import { createControlChannel, type ControlChannel, type ControlMessage } from './control-channel.ts'

let scratch: Awaited<ReturnType<typeof createTestDatabase>>
let dbA: PostgresDb
let dbB: PostgresDb
const channels: ControlChannel[] = []

beforeAll(async () => {
  scratch = await createTestDatabase()
  dbA = openPostgres({ connectionString: scratch.url, maxConnections: 2 })
  dbB = openPostgres({ connectionString: scratch.url, maxConnections: 2 })
})
afterAll(async () => {
  await Promise.all(channels.map((channel) => channel.close()))
  await dbA?.destroy()
  await dbB?.destroy()
  await scratch?.drop()
})

const open = (db: PostgresDb, nodeId: string) => {
  const channel = createControlChannel({ db, connectionString: scratch.url, nodeId, channel: 'test_control', reconnectDelayMs: 50 })
  channels.push(channel)
  return channel
}

/** Resolves with the first message matching `accept`, or rejects after `ms`. */
const next = (channel: ControlChannel, accept: (message: ControlMessage) => boolean, ms: number) =>
  new Promise<{ message: ControlMessage; from: string; after: number }>((resolve, reject) => {
    const started = Date.now()
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`no message within ${ms} ms`))
    }, ms)
    const stop = channel.subscribe((message, from) => {
      if (!accept(message)) return
      clearTimeout(timer)
      stop()
      resolve({ message, from, after: Date.now() - started })
    })
  })

describe('the control channel', () => {
  it('delivers a typed message from one node to another within 2 s', async () => {
    const a = open(dbA, 'node-a')
    const b = open(dbB, 'node-b')
    await Promise.all([a.listening(), b.listening()])
    const removed: ControlMessage = { type: 'rights-changed', situationId: 'sit1' }
    const received = next(b, (message) => message.type === 'rights-changed', 2_000)
    await a.publish(removed)
    const { message, from, after } = await received
    expect(message).toEqual(removed)
    expect(from).toBe('node-a')
    expect(after).toBeLessThan(2_000)
  })

  it('listens again after its connection is terminated, and says so', async () => {
    const a = open(dbA, 'node-a2')
    const b = open(dbB, 'node-b2')
    await Promise.all([a.listening(), b.listening()])
    let reconnects = 0
    b.onReconnect(() => reconnects++)
    const { rows } = await sql<{ killed: boolean }>`
      SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = 'concerto-control:node-b2'`.execute(dbA)
    expect(rows.map((row) => row.killed)).toEqual([true])

    // Messages sent while it is down are lost (a speed-up only); keep publishing until one arrives.
    const moved: ControlMessage = { type: 'ownership-moved', situationId: 'sit2', nodeId: 'node-a2', epoch: 7 }
    const received = next(b, (message) => message.type === 'ownership-moved', 3_000)
    const publisher = setInterval(() => void a.publish(moved), 100)
    try {
      expect((await received).message).toEqual(moved)
    } finally {
      clearInterval(publisher)
    }
    expect(reconnects).toBe(1)
  })

  it('ignores a payload that is not a control message', async () => {
    const a = open(dbA, 'node-a3')
    await a.listening()
    const received = next(a, (message) => message.type === 'session-ended', 2_000)
    await sql`SELECT pg_notify('test_control', '{"from":"x","message":{"type":"grant-admin"}}')`.execute(dbA)
    await a.publish({ type: 'session-ended', sessionId: 'sess-1' })
    expect((await received).message).toEqual({ type: 'session-ended', sessionId: 'sess-1' })
    await expect(a.publish({ type: 'user-sessions-ended' } as unknown as ControlMessage)).rejects.toThrow()
  })
})
