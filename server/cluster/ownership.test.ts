import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { openPostgres, type PostgresDb } from '../storage/postgres/connect.ts'
import { createPostgresDocumentStore } from '../storage/postgres/document-store.ts'
import { FencedError, type Claim } from '../storage/postgres/fence.ts'
import { migratePostgres } from '../storage/postgres/migrate.ts'
import { createTestDatabase } from '../storage/postgres/test-database.ts'
import { createOwnership, type Ownership, type OwnershipOptions } from './ownership.ts'
import { keyOf } from '../../test/helpers/document-key.ts'
import { eventually } from '../../test/helpers/clients.ts'

const TTL = 300
/** A node whose renewals never come in time: frozen, partitioned, or stopped in a debugger. */
const NEVER = 3_600_000

let scratch: Awaited<ReturnType<typeof createTestDatabase>>
/** One pool per node, as two processes would have. */
let dbA: PostgresDb
let dbB: PostgresDb
const nodes: Ownership[] = []
let counter = 0
const freshSituation = () => `sit${Date.now().toString(36)}${counter++}`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const node = (db: PostgresDb, nodeId: string, options: Partial<OwnershipOptions> = {}) => {
  const ownership = createOwnership({ db, nodeId, leaseTtlMs: TTL, ...options })
  nodes.push(ownership)
  return ownership
}

beforeAll(async () => {
  scratch = await createTestDatabase()
  dbA = openPostgres({ connectionString: scratch.url, maxConnections: 6 })
  dbB = openPostgres({ connectionString: scratch.url, maxConnections: 6 })
  await migratePostgres(dbA)
})
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((ownership) => ownership.close()))
})
afterAll(async () => {
  await dbA?.destroy()
  await dbB?.destroy()
  await scratch?.drop()
})

const storedBytes = async (db: PostgresDb, doc: string) =>
  (await createPostgresDocumentStore({ db }).load(keyOf(doc))).updates.map((row) => [...row.bytes])

describe('situation ownership', () => {
  it('never lets two nodes hold a situation at once, over 50 races for fresh and for expired situations', async () => {
    // A longer lease here: all 100 attempts of a round, and the 50 reads that check them, must fall
    // within one lease, even on a busy machine (two cores shared with the rest of the suite).
    const ttl = 3_000
    const a = node(dbA, 'node-a', { renewEveryMs: NEVER, leaseTtlMs: ttl })
    const b = node(dbB, 'node-b', { renewEveryMs: NEVER, leaseTtlMs: ttl })
    const situations = Array.from({ length: 50 }, freshSituation)
    const race = () => Promise.all(situations.map((id) => Promise.all([a.acquire(id), b.acquire(id)])))

    const first = await race()
    for (const [index, pair] of first.entries()) {
      const winners = pair.filter((claim): claim is Claim => claim !== null)
      expect(winners).toHaveLength(1)
      expect(winners[0]!.epoch).toBe(1)
      expect(await a.owner(situations[index]!)).toMatchObject({ nodeId: winners[0]!.nodeId, epoch: 1, live: true })
    }

    await sleep(ttl + 50)
    const second = await race()
    for (const pair of second) {
      const winners = pair.filter((claim): claim is Claim => claim !== null)
      expect(winners).toHaveLength(1)
      expect(winners[0]!.epoch).toBe(2)
    }
    const held = [...a.held(), ...b.held()].map((claim) => claim.situationId).sort()
    expect(held).toEqual([...situations].sort())
  })

  it("fences the second node's append: it holds no claim, and a forged claim is refused by the database", async () => {
    const a = node(dbA, 'node-a')
    const b = node(dbB, 'node-b')
    const situation = freshSituation()
    const doc = `${situation}/plan`
    const claim = await a.acquire(situation)
    expect(claim).not.toBeNull()
    expect(await b.acquire(situation)).toBeNull()

    const storeA = createPostgresDocumentStore({ db: dbA, fence: a })
    const storeB = createPostgresDocumentStore({ db: dbB, fence: b })
    await storeA.append(keyOf(doc), new Uint8Array([1]))
    await expect(storeB.append(keyOf(doc), new Uint8Array([2]))).rejects.toMatchObject({ name: 'FencedError', reason: 'not-held' })
    // Node b with the current epoch but its own name: the row says node-a.
    const forged = createPostgresDocumentStore({ db: dbB, fence: { claim: () => ({ ...claim!, nodeId: 'node-b' }) } })
    await expect(forged.append(keyOf(doc), new Uint8Array([3]))).rejects.toMatchObject({ name: 'FencedError', reason: 'refused' })
    expect(await storedBytes(dbA, doc)).toEqual([[1]])
  })

  it('gives a node whose lease expired while it was frozen a FencedError on its next append, and stores nothing of it', async () => {
    const a = node(dbA, 'node-a', { renewEveryMs: NEVER })
    const b = node(dbB, 'node-b')
    const situation = freshSituation()
    const doc = `${situation}/plan`
    const storeA = createPostgresDocumentStore({ db: dbA, fence: a })
    const storeB = createPostgresDocumentStore({ db: dbB, fence: b })
    const lost: Claim[] = []
    a.onLost((claim) => lost.push(claim))

    const claimA = await a.acquire(situation)
    await storeA.append(keyOf(doc), new Uint8Array([1]))
    expect(await b.acquire(situation)).toBeNull()
    await sleep(TTL + 50)
    const claimB = await b.acquire(situation)
    expect(claimB?.epoch).toBe(claimA!.epoch + 1)
    await storeB.append(keyOf(doc), new Uint8Array([2]))

    const refused = await storeA.append(keyOf(doc), new Uint8Array([99])).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(FencedError)
    await Promise.resolve()
    expect(lost).toEqual([claimA])
    expect(await storedBytes(dbA, doc)).toEqual([[1], [2]])
  })

  it('refuses in the database an append a node had already started when it froze past its lease', async () => {
    const a = node(dbA, 'node-a', { renewEveryMs: NEVER })
    const b = node(dbB, 'node-b')
    const situation = freshSituation()
    const doc = `${situation}/plan`
    const storeA = createPostgresDocumentStore({ db: dbA, fence: a })
    await a.acquire(situation)
    // The claim is taken when append is called; the statement runs on the next turn...
    const pending = storeA.append(keyOf(doc), new Uint8Array([99])).catch((error: unknown) => error)
    // ...but the process freezes first (the event loop is blocked, as under SIGSTOP or a long GC).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, TTL + 100)
    const taken = b.acquire(situation)
    const refused = await pending
    expect(refused).toBeInstanceOf(FencedError)
    expect(refused).toMatchObject({ reason: 'refused' })
    expect(await taken).not.toBeNull()
    expect(await storedBytes(dbA, doc)).toEqual([])
  })

  it('only ever grows the epoch, through releases, expiries and takeovers', async () => {
    const a = node(dbA, 'node-a', { renewEveryMs: NEVER })
    const b = node(dbB, 'node-b', { renewEveryMs: NEVER })
    const situation = freshSituation()
    const epochs: number[] = []
    for (let round = 0; round < 6; round++) {
      const [taker, other] = round % 2 === 0 ? [a, b] : [b, a]
      const claim = await taker.acquire(situation)
      expect(claim).not.toBeNull()
      expect(await other.acquire(situation)).toBeNull()
      epochs.push(claim!.epoch)
      if (round % 3 === 0) await taker.release(situation)
      else await sleep(TTL + 50)
    }
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6])
    expect((await a.owner(situation))?.epoch).toBe(6)
  })

  it('keeps a situation by renewing its lease, and learns it lost it at the next renewal', async () => {
    // Renewals every 500 ms: a machine busy with the rest of the suite delays one by far less than the lease.
    const ttl = 1_500
    const a = node(dbA, 'node-a', { leaseTtlMs: ttl })
    const b = node(dbB, 'node-b', { leaseTtlMs: ttl })
    const situation = freshSituation()
    const lost: string[] = []
    a.onLost((claim, reason) => lost.push(`${claim.situationId}:${reason}`))
    const claim = await a.acquire(situation)
    for (let i = 0; i < 5; i++) {
      await sleep(ttl / 2)
      expect(await b.acquire(situation)).toBeNull()
    }
    expect(a.claim(situation)).toEqual(claim)
    // An operator (or a long partition) ends the lease in the database; b takes over.
    await sql`UPDATE situation_owners SET lease_expires_at = now() WHERE situation_id = ${situation}`.execute(dbB)
    expect((await b.acquire(situation))?.epoch).toBe(claim!.epoch + 1)
    // The next renewal (within ttl / 3) is refused, long before a's own deadline (ttl) would say lapsed.
    await eventually(() => expect(lost).toEqual([`${situation}:renewal-refused`]), { timeoutMs: ttl })
    expect(a.claim(situation)).toBeNull()
  })

  it('hands a situation over at once when its owner shuts down', async () => {
    const a = createOwnership({ db: dbA, nodeId: 'node-a', leaseTtlMs: 60_000 })
    const b = node(dbB, 'node-b')
    const situation = freshSituation()
    await a.acquire(situation)
    expect(await b.acquire(situation)).toBeNull()
    await a.close()
    expect((await b.acquire(situation))?.epoch).toBe(2)
  })
})
