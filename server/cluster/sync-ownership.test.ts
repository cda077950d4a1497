import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '@hono/node-server'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import WebSocket from 'ws'
import { createApp, type ConcertoApp } from '../app.ts'
import { readConfig } from '../config.ts'
import { createLogger } from '../log.ts'
import { seedDemo } from '../seed/demo.ts'
import { openDatabase } from '../storage/db.ts'
import { createTestDatabase } from '../storage/postgres/test-database.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { connectClient, eventually, login, sleep, type TestClient } from '../../test/helpers/clients.ts'
import { startClusterNode, type ClusterNode } from './node.ts'
import { removeSituationMember } from '../domain/memberships.ts'
import { openSqlDatabase } from '../storage/sql/open.ts'
import { handleUpgrades } from '../http/upgrade.ts'
import type { Server } from 'node:http'

/**
 * Two nodes in this process on one scratch PostgreSQL database: the
 * documents under situation ownership and every row, as STORE=postgres runs
 * (docs/operations.md, cluster mode). The demo is seeded once, by a seeder
 * node stopped before the trials.
 */
interface Node {
  name: string
  url: string
  wsUrl: string
  concerto: ConcertoApp
  cluster: ClusterNode
  logs: string[]
  stop(): Promise<void>
}

const SITUATION = 'monsieur-x'
const ROOM = `${SITUATION}/plan`

let scratch: Awaited<ReturnType<typeof createTestDatabase>>
let template: string
/** Sessions opened on the seeder: the same cookie opens a session on either node. */
let cookies: { medecin: string; infirmier: string }
const dirs: string[] = []
const nodes: Node[] = []
const clients: TestClient[] = []

interface NodeOptions {
  leaseTtlMs?: number
  renewEveryMs?: number
  /** A control channel of its own: this node hears no other node's announcements (a lost message). */
  deaf?: boolean
}

/**
 * A node's lease unless a case sets its own: long enough that a renewal a
 * loaded machine runs late never lets a lease lapse by accident (at 400 ms,
 * a new owner's lease was once found lapsed right after its takeover, in CI).
 * A case that needs a lapse sets the old owner's lease or ends it in the
 * database (expireLease); nodes release their claims when they stop.
 */
const DEFAULT_LEASE_MS = 5_000

async function startNode(name: string, { dataDir, leaseTtlMs = DEFAULT_LEASE_MS, renewEveryMs = Math.floor(leaseTtlMs / 3), deaf = false, seed = false }: NodeOptions & { dataDir: string; seed?: boolean }): Promise<Node> {
  // The seed reads projections a room makes at unload, and with an asynchronous store an unload
  // takes a while: the seeder keeps its rooms loaded until it stops (their last projection then).
  const unloadDelayMs = seed ? '600000' : '50'
  const config = readConfig({ DATA_DIR: dataDir, PORT: '0', UNLOAD_DELAY_MS: unloadDelayMs, STORE: 'postgres', DATABASE_URL: scratch.url, DEMO: '0' })
  const logs: string[] = []
  const log = createLogger({ level: 'info', write: (line) => logs.push(line) })
  const db = openDatabase({ dataDir })
  const cluster = await startClusterNode({
    cluster: { databaseUrl: scratch.url, nodeId: name, leaseTtlMs, renewEveryMs },
    log,
    ...(deaf ? { controlChannel: `deaf_${name.replace(/\W/g, '_')}` } : {}),
  })
  // Every row in the one PostgreSQL database, as STORE=postgres runs (main.ts): the nodes share accounts, sessions and bindings.
  const sql = await openSqlDatabase({ engine: 'postgres', connectionString: scratch.url, applicationName: `concerto:${name}:sql` })
  const concerto = createApp({ config, db, log, cluster, sql })
  if (seed) {
    try {
      await seedDemo(concerto)
    } catch (error) {
      await concerto.rooms.shutdown()
      await cluster.close()
      await sql.destroy()
      db.close()
      throw new Error(`seed failed: ${(error as Error).message}\n${logs.filter((line) => !line.includes('"level":"info"')).join('\n')}`)
    }
  }
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: concerto.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  handleUpgrades(server as Server, { fetch: concerto.app.fetch, wss: concerto.wss })
  const port = (server.address() as AddressInfo).port
  let stopped = false
  const node: Node = {
    name,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    concerto,
    cluster,
    logs,
    async stop() {
      if (stopped) return
      stopped = true
      await concerto.rooms.shutdown()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
      })
      await cluster.close()
      await sql.destroy()
      db.close()
    },
  }
  nodes.push(node)
  return node
}

/** A node on a data folder of its own (its rows and documents are the shared database's). */
const startCopy = (name: string, options: NodeOptions = {}) => {
  const dataDir = mkdtempSync(join(tmpdir(), `concerto-${name}-`))
  dirs.push(dataDir)
  return startNode(name, { dataDir, ...options })
}

/** A stock provider that goes where the proxy would send it after 4511: to the other node. */
const connect = (node: Node, cookie: string, movesTo?: Node) => {
  const client = connectClient(node.wsUrl, ROOM, cookie)
  if (movesTo) {
    client.provider.on('connection-close', (event) => {
      if (event?.code === CloseCode.ownershipMoved) client.provider.serverUrl = `${movesTo.wsUrl}/sync`
    })
  }
  clients.push(client)
  return client
}

/** The answer to an upgrade request: its status and Retry-After, or 101 when it upgraded. */
const upgradeAnswer = (node: Node, cookie: string) =>
  new Promise<{ status: number; retryAfter: string | null }>((resolve) => {
    const socket = new WebSocket(`${node.wsUrl}/sync/${ROOM}`, { headers: { cookie } })
    socket.on('open', () => {
      resolve({ status: 101, retryAfter: null })
      socket.close()
    })
    socket.on('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] ?? null })
      socket.terminate()
    })
    socket.on('error', () => resolve({ status: 0, retryAfter: null }))
  })

/** Ends the lease in database time, as if the owner had been frozen past it (its own clock says nothing yet). */
const expireLease = async () => {
  const client = new pg.Client({ connectionString: scratch.url })
  await client.connect()
  try {
    await client.query(`UPDATE situation_owners SET lease_expires_at = now() - interval '1 minute' WHERE situation_id = $1`, [SITUATION])
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  scratch = await createTestDatabase()
  template = mkdtempSync(join(tmpdir(), 'concerto-template-'))
  dirs.push(template)
  // The demo seeded once, rows and documents to PostgreSQL.
  // A long lease: a busy machine must not turn the seed into a takeover test.
  const seeder = await startNode('seeder', { dataDir: template, leaseTtlMs: 60_000, seed: true })
  cookies = { medecin: await login(seeder.url, 'medecin@demo.test'), infirmier: await login(seeder.url, 'infirmier@demo.test') }
  await seeder.stop()
  nodes.splice(0)
}, 60_000)

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  for (const node of nodes.splice(0)) await node.stop()
})

afterAll(async () => {
  for (const node of nodes.splice(0)) await node.stop()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  await scratch?.drop()
})

describe('situation ownership on the sync path (STORE=postgres)', () => {
  it('answers 503 with Retry-After on the node that does not own the situation and runs nothing of a write there', async () => {
    const a = await startCopy('node-a')
    const b = await startCopy('node-b')
    const writer = connect(a, cookies.medecin)
    await writer.synced
    writer.doc.getText('scratch-a').insert(0, 'chez A')
    await eventually(() => expect(a.concerto.rooms.get(ROOM)?.doc.getText('scratch-a').toString()).toBe('chez A'))
    expect((await a.cluster.ownership.owner(SITUATION))?.nodeId).toBe('node-a')

    // A write first: nothing of it runs on B (the client retries after Retry-After; nginx does not retry a POST).
    const write = await fetch(`${b.url}/api/situations/${SITUATION}/versions`, {
      method: 'POST',
      headers: { cookie: cookies.infirmier, origin: b.url, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'écrite sur B' }),
    })
    expect(write.status).toBe(503)
    expect(write.headers.get('retry-after')).toBe('1')
    expect(b.concerto.rooms.loadedNames()).toEqual([])
    expect((await b.concerto.versions.list(SITUATION)).map((version) => version.label)).not.toContain('écrite sur B')
    // Rights are still the route's: a stranger is told 404 by either node, never 503.
    expect((await fetch(`${b.url}/api/situations/personne-inconnue/versions`, { headers: { cookie: cookies.medecin } })).status).toBe(404)
  })

  it('hands a live situation over when a request for it reaches another node (the node the proxy tries first): its clients move and lose nothing, and the write is then served there', async () => {
    const a = await startCopy('node-a')
    const b = await startCopy('node-b')
    const writer = connect(a, cookies.medecin, b)
    await writer.synced
    writer.doc.getText('handover').insert(0, 'écrit chez A')
    await eventually(() => expect(a.concerto.rooms.get(ROOM)?.doc.getText('handover').toString()).toBe('écrit chez A'))
    const before = (await a.cluster.ownership.owner(SITUATION))!
    expect(before.nodeId).toBe('node-a')

    const coordinator = await login(b.url, 'coordination@demo.test')
    expect(await upgradeAnswer(b, cookies.infirmier)).toEqual({ status: 503, retryAfter: '1' })
    // A hands over: its socket closes with the retryable 4511 and the client comes back on B.
    await eventually(() => expect(writer.closeCodes).toContain(CloseCode.ownershipMoved), { timeoutMs: 5_000 })
    const written = await eventually(
      async () => {
        const response = await fetch(`${b.url}/api/situations/${SITUATION}/versions`, {
          method: 'POST',
          headers: { cookie: coordinator, origin: b.url, 'content-type': 'application/json' },
          body: JSON.stringify({ label: 'écrite sur B après la passation' }),
        })
        expect(response.status).toBe(201)
        return response
      },
      { timeoutMs: 5_000, intervalMs: 200 },
    )
    expect(written.status).toBe(201)
    const after = (await b.cluster.ownership.owner(SITUATION))!
    expect(after).toMatchObject({ nodeId: 'node-b', live: true })
    expect(after.epoch).toBeGreaterThan(before.epoch)
    await eventually(() => expect(b.concerto.rooms.get(ROOM)?.doc.getText('handover').toString()).toBe('écrit chez A'))
    writer.doc.getText('handover').insert(0, 'puis chez B, ')
    await eventually(() => expect(b.concerto.rooms.get(ROOM)?.doc.getText('handover').toString()).toBe('puis chez B, écrit chez A'))
    // A does not take it back: it now answers 503 itself.
    expect((await upgradeAnswer(a, cookies.infirmier)).status).toBe(503)
    expect(a.logs.join('\n')).toMatch(/situation handed over to the node the proxy prefers/)
  })

  /** Node A holds the situation with a live writer; `staysPut` checks half a second later that nothing moved it. */
  const heldByA = async () => {
    const a = await startCopy('node-a')
    const b = await startCopy('node-b')
    const writer = connect(a, cookies.medecin)
    await writer.synced
    const held = (await a.cluster.ownership.owner(SITUATION))!
    expect(held.nodeId).toBe('node-a')
    const staysPut = async () => {
      await sleep(500)
      expect(await a.cluster.ownership.owner(SITUATION)).toEqual(held)
      expect(writer.closeCodes).toEqual([])
      expect(a.logs.join('\n')).not.toMatch(/handed over/)
    }
    return { a, b, held, staysPut }
  }

  it('never moves a situation for someone who is not its member: their request is refused as on any node, and no handover is asked', async () => {
    const { a, b, staysPut } = await heldByA()
    const asked: string[] = []
    a.cluster.control.subscribe((message) => {
      if (message.type === 'ownership-wanted') asked.push(message.nodeId)
    })
    // Yanis is a member of his own situation only.
    const stranger = await login(b.url, 'yanis@demo.test')
    const answer = await fetch(`${b.url}/api/situations/${SITUATION}/versions`, { headers: { cookie: stranger } })
    expect([403, 404]).toContain(answer.status)
    expect([403, 404]).toContain((await upgradeAnswer(b, stranger)).status)
    await staysPut()
    expect(asked).toEqual([])
  })

  it('ignores a handover asked for an epoch it no longer holds (a request that reached a node further down the ring)', async () => {
    const { b, held, staysPut } = await heldByA()
    await b.cluster.control.publish({ type: 'ownership-wanted', situationId: SITUATION, nodeId: 'node-b', epoch: held.epoch - 1 })
    await staysPut()
  })

  const takeovers = [
    {
      how: 'the owner stopped renewing and its lease ran out',
      a: { leaseTtlMs: 1_500, renewEveryMs: 600_000, deaf: true },
      expire: false,
      editOnA: true,
      logged: /local copy dropped.*write fenced: this node holds no claim/,
    },
    {
      how: 'the lease ended in database time while the owner still believed it held it',
      a: { leaseTtlMs: 10_000, renewEveryMs: 600_000, deaf: true },
      expire: true,
      editOnA: true,
      logged: /local copy dropped.*write fenced: claim on situation monsieur-x .* is no longer current/,
    },
    {
      how: 'the owner learns at its next renewal that it lost the lease',
      a: { leaseTtlMs: 400, deaf: true },
      expire: true,
      editOnA: false,
      // Told by its renewal (or, on a busy machine, by its local deadline first): no write needed.
      logged: /situation ownership lost/,
    },
    {
      how: 'the new owner announces the takeover over the control channel',
      a: { leaseTtlMs: 10_000, renewEveryMs: 600_000 },
      expire: true,
      editOnA: false,
      logged: /situation taken over by another node/,
    },
  ]

  for (const [index, { how, a: leaseOfA, expire, editOnA, logged }] of takeovers.entries()) {
    // The documents stay in PostgreSQL from one test to the next: each test writes its own array.
    const ITEMS = `items-${index}`
    it(`moves the situation's clients to the new owner without losing any update they received when ${how}`, async () => {
      const acquiredAfter = performance.now()
      const a = await startCopy('node-a', leaseOfA)
      const b = await startCopy('node-b')
      const writer = connect(a, cookies.medecin, b)
      const reader = connect(a, cookies.infirmier, b)
      await Promise.all([writer.synced, reader.synced])
      const items = () => writer.doc.getArray<string>(ITEMS)
      for (let i = 1; i <= 5; i++) items().push([`avant-${i}`])
      // What the reader received was committed and broadcast by A.
      await eventually(() => expect(reader.doc.getArray(ITEMS).toArray()).toEqual(['avant-1', 'avant-2', 'avant-3', 'avant-4', 'avant-5']))
      let readerHadAtClose: unknown[] | null = null
      reader.provider.on('connection-close', () => {
        readerHadAtClose ??= reader.doc.getArray(ITEMS).toArray()
      })

      if (expire) await expireLease()
      else await sleep(Math.max(0, acquiredAfter + leaseOfA.leaseTtlMs - performance.now()))
      // B takes the situation over (a new epoch) as soon as the database lets it.
      await eventually(async () => expect(await b.cluster.serve(SITUATION)).toBe(true), { timeoutMs: 5_000, intervalMs: 50 })
      const owner = await b.cluster.ownership.owner(SITUATION)
      expect(owner).toMatchObject({ nodeId: 'node-b', live: true })

      if (editOnA) items().push(['pendant'])
      // A drops its copy and sends both clients away with the retryable code.
      await eventually(() => {
        expect(writer.closeCodes).toContain(CloseCode.ownershipMoved)
        expect(reader.closeCodes).toContain(CloseCode.ownershipMoved)
      }, { timeoutMs: 5_000 })
      expect(a.concerto.rooms.loadedNames().filter((name) => name.startsWith(`${SITUATION}/`))).toEqual([])
      expect(a.logs.some((line) => logged.test(line))).toBe(true)
      // The fenced update was neither applied by A nor broadcast to the reader.
      expect(readerHadAtClose).not.toContain('pendant')
      // A client that comes back to A (no proxy to move it) is told to go elsewhere.
      expect(await upgradeAnswer(a, cookies.medecin)).toEqual({ status: 503, retryAfter: '1' })

      // Both reconnect to B (the proxy's next node); the writer's handshake resends what A never stored.
      if (!editOnA) {
        await eventually(() => expect(writer.provider.wsconnected).toBe(true), { timeoutMs: 5_000 })
        items().push(['pendant'])
      }
      const expected = ['avant-1', 'avant-2', 'avant-3', 'avant-4', 'avant-5', 'pendant']
      await eventually(() => {
        expect(b.concerto.rooms.get(ROOM)?.doc.getArray(ITEMS).toArray()).toEqual(expected)
        expect(writer.doc.getArray(ITEMS).toArray()).toEqual(expected)
        expect(reader.doc.getArray(ITEMS).toArray()).toEqual(expected)
      }, { timeoutMs: 8_000 })
      expect(writer.provider.serverUrl).toBe(`${b.wsUrl}/sync`)

      // Nothing any client received is lost: B's stored log holds all of it.
      await b.concerto.rooms.get(ROOM)!.flush()
      await b.stop()
      const c = await startCopy('node-c')
      const late = connect(c, cookies.medecin)
      await late.synced
      expect(late.doc.getArray(ITEMS).toArray()).toEqual(expected)
    }, 30_000)
  }

  // Last: it removes the nurse from the shared database.
  it('closes a removed member’s socket on the node that holds it within 2 s when the removal is applied on another node', async () => {
    const a = await startCopy('node-a')
    const b = await startCopy('node-b')
    const nurse = connect(a, cookies.infirmier)
    const gp = connect(a, cookies.medecin)
    await Promise.all([nurse.synced, gp.synced])
    const member = (await b.concerto.situations.activeMembers(SITUATION)).find((row) => row.userId === 'user-infirmier')!
    const started = performance.now()
    // Applied on B, which holds none of the situation's sockets: only the announcement can reach A.
    await removeSituationMember(
      { situations: b.concerto.situations, audit: b.concerto.audit, rooms: b.concerto.rooms, access: b.concerto.access },
      SITUATION,
      member.id,
      { userId: 'user-coordination', address: '127.0.0.1' },
    )
    await eventually(() => expect(nurse.closeCodes).toContain(CloseCode.accessRevoked), { timeoutMs: 2_000 })
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(gp.closeCodes).toEqual([])
    expect((await a.cluster.ownership.owner(SITUATION))?.nodeId).toBe('node-a')
  })
})
