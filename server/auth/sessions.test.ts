import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessionRows } from '../storage/sessions.ts'
import { insertUser, TEST_ENGINES, type TestEngine } from '../storage/sql/test-engines.ts'
import { createSessions, type Sessions } from './sessions.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

describe.each(TEST_ENGINES)('sessions on %s', (_engine, start) => {
  let engine: TestEngine
  let clock = Date.UTC(2026, 11, 3, 9)
  let sessions: Sessions
  beforeAll(async () => {
    engine = await start()
    for (const id of ['marie', 'yanis']) await insertUser(engine.sql, id)
    sessions = createSessions(createSessionRows(engine.sql), { now: () => clock })
  })
  afterAll(async () => engine?.close())

  it('creates a session whose token validates to its user, and refuses a tampered or unknown token', async () => {
    const { token, session } = await sessions.create('marie', { sharedDevice: false, address: '10.0.0.1', userAgent: 'Firefox' })
    expect(await sessions.validate(token)).toMatchObject({ id: session.id, userId: 'marie', createdAt: clock, sharedDevice: false, extended: false })
    const [id, secret] = token.split('.') as [string, string]
    expect(await sessions.validate(`${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`)).toBeNull()
    expect(await sessions.validate(`unknown.${secret}`)).toBeNull()
    expect(await sessions.validate(undefined)).toBeNull()
  })

  it('slides the expiry with activity, written back at most once an hour, and ends a session idle for a week', async () => {
    const { token } = await sessions.create('marie')
    clock += 30 * MINUTE
    expect((await sessions.validate(token))?.extended).toBe(false)
    clock += 6 * DAY
    // Over an hour since the last write-back: the expiry slides, and the caller is told to send the cookie again.
    expect((await sessions.validate(token))?.extended).toBe(true)
    clock += 6 * DAY
    // Twelve days after creation, six after the last activity: alive, because the expiry slid.
    expect(await sessions.validate(token)).not.toBeNull()
    clock += 7 * DAY
    expect(await sessions.validate(token)).toBeNull()
    // Expired means gone: turning the clock back does not bring it back.
    clock -= 7 * DAY
    expect(await sessions.validate(token)).toBeNull()
  })

  it('ends a shared-device session after fifteen idle minutes, a personal one not', async () => {
    const shared = await sessions.create('yanis', { sharedDevice: true })
    const personal = await sessions.create('yanis', { sharedDevice: false })
    clock += 10 * MINUTE
    expect((await sessions.validate(shared.token))?.sharedDevice).toBe(true)
    clock += 14 * MINUTE
    expect(await sessions.validate(shared.token)).not.toBeNull()
    clock += 15 * MINUTE
    expect(await sessions.validate(shared.token)).toBeNull()
    expect(await sessions.validate(personal.token)).not.toBeNull()
  })

  it('ends one session, every other session of the account, or all of them, and lists only the live ones', async () => {
    const here = await sessions.create('yanis', { address: '10.0.0.2' })
    const elsewhere = await sessions.create('yanis', { address: '10.0.0.3' })
    const marie = await sessions.create('marie')
    expect((await sessions.list('yanis')).map((row) => row.id)).toEqual(expect.arrayContaining([here.session.id, elsewhere.session.id]))
    expect((await sessions.list('yanis')).every((row) => typeof row.lastActiveAt === 'number')).toBe(true)
    await sessions.invalidateOthers('yanis', here.session.id)
    expect(await sessions.validate(elsewhere.token)).toBeNull()
    expect(await sessions.validate(here.token)).not.toBeNull()
    expect((await sessions.list('yanis')).map((row) => row.id)).toEqual([here.session.id])
    await sessions.invalidateAllForUser('yanis')
    expect(await sessions.validate(here.token)).toBeNull()
    expect(await sessions.list('yanis')).toEqual([])
    await sessions.invalidate(marie.session.id)
    expect(await sessions.validate(marie.token)).toBeNull()
  })
})

describe('sessions shared by two nodes on one PostgreSQL', () => {
  let engine: TestEngine
  beforeAll(async () => {
    engine = await TEST_ENGINES.find(([name]) => name === 'postgres')![1]()
    await insertUser(engine.sql, 'marie')
  })
  afterAll(async () => engine?.close())

  it('validates on node B a session made on node A, and a logout on B ends it on A', async () => {
    const nodeA = createSessions(createSessionRows(engine.sql))
    const nodeB = createSessions(createSessionRows(await engine.open()))
    const { token, session } = await nodeA.create('marie', { sharedDevice: true })
    expect(await nodeB.validate(token)).toMatchObject({ id: session.id, userId: 'marie', sharedDevice: true })
    await nodeB.invalidate(session.id)
    expect(await nodeA.validate(token)).toBeNull()
  })
})
