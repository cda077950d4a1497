import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessionRows, type SessionRows } from './sessions.ts'
import { insertUser, TEST_ENGINES, type TestEngine } from './sql/test-engines.ts'

const hash = () => new Uint8Array(randomBytes(32))

describe.each(TEST_ENGINES)('session rows on %s', (_engine, start) => {
  let engine: TestEngine
  let rows: SessionRows
  beforeAll(async () => {
    engine = await start()
    rows = createSessionRows(engine.sql)
    for (const id of ['u1', 'u2']) await insertUser(engine.sql, id)
  })
  afterAll(async () => engine?.close())

  it('reads back a session as it was written, times as numbers and the device flag as a boolean', async () => {
    const secretHash = hash()
    const at = 1_764_000_000_000
    await rows.insert({ id: 'a1', secretHash, userId: 'u1', createdAt: at, lastVerifiedAt: at + 1, sharedDevice: true, address: '10.0.0.1', userAgent: 'Firefox' })
    const row = await rows.byId('a1')
    expect(row).toEqual({ id: 'a1', secretHash: expect.any(Uint8Array), userId: 'u1', createdAt: at, lastVerifiedAt: at + 1, sharedDevice: true, address: '10.0.0.1', userAgent: 'Firefox' })
    expect(Buffer.from(row!.secretHash).equals(Buffer.from(secretHash))).toBe(true)
    expect(typeof row!.createdAt).toBe('number')
  })

  it('defaults to a personal device with no address or user agent, and answers undefined for an unknown id', async () => {
    await rows.insert({ id: 'a2', secretHash: hash(), userId: 'u1', createdAt: 10, lastVerifiedAt: 10 })
    expect(await rows.byId('a2')).toMatchObject({ sharedDevice: false, address: null, userAgent: null })
    expect(await rows.byId('nope')).toBeUndefined()
  })

  it('lists a user’s sessions by latest activity first, and touch moves one to the front', async () => {
    expect((await rows.forUser('u1')).map((row) => row.id)).toEqual(['a1', 'a2'])
    await rows.touch('a2', 2_000_000_000_000)
    expect((await rows.forUser('u1')).map((row) => [row.id, row.lastVerifiedAt])).toEqual([
      ['a2', 2_000_000_000_000],
      ['a1', 1_764_000_000_001],
    ])
    expect(await rows.forUser('u2')).toEqual([])
  })

  it('removes one session, every other session of a user, or all of them, and no other user’s', async () => {
    for (const id of ['b1', 'b2', 'b3']) await rows.insert({ id, secretHash: hash(), userId: 'u2', createdAt: 1, lastVerifiedAt: 1 })
    await rows.remove('b1')
    expect(await rows.byId('b1')).toBeUndefined()
    await rows.removeOthersOfUser('u2', 'b2')
    expect((await rows.forUser('u2')).map((row) => row.id)).toEqual(['b2'])
    await rows.removeForUser('u2')
    expect(await rows.forUser('u2')).toEqual([])
    expect((await rows.forUser('u1')).length).toBe(2)
  })

  it('refuses a second session with the same id', async () => {
    await expect(rows.insert({ id: 'a1', secretHash: hash(), userId: 'u1', createdAt: 1, lastVerifiedAt: 1 })).rejects.toThrow()
  })
})
