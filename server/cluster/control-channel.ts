import pg from 'pg'
import { sql } from 'kysely'
import { z } from 'zod'
import type { Logger } from '../log.ts'
import type { PostgresDb } from '../storage/postgres/connect.ts'

/**
 * What nodes tell each other. A speed-up only: every node also re-reads
 * rights on a timer, so a lost message delays a kick by seconds and never
 * grants a right; nothing here carries a right, only "look again now".
 */
const messageSchema = z.discriminatedUnion('type', [
  /** Rights in this situation changed (a member removed or changed, an objection, a closing): re-decide its sockets. */
  z.object({ type: z.literal('rights-changed'), situationId: z.string() }),
  /** Close this session's sockets (logout). */
  z.object({ type: z.literal('session-ended'), sessionId: z.string() }),
  /** Close every socket of this user (password changed or reset, account deactivated, sessions ended elsewhere). */
  z.object({ type: z.literal('user-sessions-ended'), userId: z.string() }),
  /** Another node took the situation: drop a local copy of it now rather than at the next write. */
  z.object({ type: z.literal('ownership-moved'), situationId: z.string(), nodeId: z.string(), epoch: z.number().int() }),
  /**
   * The proxy sent this situation's request to `nodeId` while the holder of
   * `epoch` serves it: that holder hands it over (ownership follows the
   * proxy's ring after a node came back). Stale epochs are ignored.
   */
  z.object({ type: z.literal('ownership-wanted'), situationId: z.string(), nodeId: z.string(), epoch: z.number().int() }),
])
const envelopeSchema = z.object({ from: z.string(), message: messageSchema })

export type ControlMessage = z.infer<typeof messageSchema>

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7999

export interface ControlChannelOptions {
  /** Publishes with it (`pg_notify`), through the node's pool. */
  db: PostgresDb
  /** The listener holds its own connection: LISTEN does not survive a pooled connection. */
  connectionString: string
  nodeId: string
  /** A PostgreSQL identifier; nodes of one cluster share it. */
  channel?: string
  /** First reconnection delay, doubled up to maxReconnectDelayMs. */
  reconnectDelayMs?: number
  maxReconnectDelayMs?: number
  /** A `SELECT 1` on the listening connection: a dead one is replaced, not waited on. */
  pingEveryMs?: number
  log?: Logger
}

export interface ControlChannel {
  publish(message: ControlMessage): Promise<void>
  /** Every message of the cluster, this node's own included (`from` tells). */
  subscribe(handler: (message: ControlMessage, from: string) => void): () => void
  /**
   * Called after the listener reconnected: messages sent while it was down
   * are lost, so the node should re-read what they would have told it.
   */
  onReconnect(handler: () => void): () => void
  /** Resolves once the listener is listening (now, or after the next reconnection). */
  listening(): Promise<void>
  close(): Promise<void>
}

/**
 * Typed messages between nodes over PostgreSQL LISTEN/NOTIFY, on one
 * dedicated connection that is re-established when it drops.
 * @example const control = createControlChannel({ db, connectionString, nodeId }); control.subscribe(kick)
 */
export function createControlChannel({
  db,
  connectionString,
  nodeId,
  channel = 'concerto_control',
  reconnectDelayMs = 100,
  maxReconnectDelayMs = 5_000,
  pingEveryMs = 10_000,
  log,
}: ControlChannelOptions): ControlChannel {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`not a channel name: ${channel}`)
  const handlers = new Set<(message: ControlMessage, from: string) => void>()
  const reconnectHandlers = new Set<() => void>()
  let waiting: (() => void)[] = []
  let client: pg.Client | null = null
  let closed = false
  let everConnected = false
  let failures = 0
  let retry: NodeJS.Timeout | null = null

  const deliver = (payload: string | undefined) => {
    let envelope: z.infer<typeof envelopeSchema>
    try {
      envelope = envelopeSchema.parse(JSON.parse(payload ?? ''))
    } catch {
      log?.warn('control message ignored: not one this node knows', { channel })
      return
    }
    for (const handler of handlers) {
      try {
        handler(envelope.message, envelope.from)
      } catch (error) {
        log?.error('control message handler threw', { type: envelope.message.type, error: (error as Error).message })
      }
    }
  }

  const scheduleConnect = () => {
    if (closed || retry) return
    const delay = Math.min(maxReconnectDelayMs, reconnectDelayMs * 2 ** Math.min(failures, 16))
    retry = setTimeout(() => {
      retry = null
      void connect()
    }, delay)
    retry.unref()
  }

  const connect = async () => {
    const candidate = new pg.Client({ connectionString, application_name: `concerto-control:${nodeId}`, keepAlive: true })
    let dead = false
    let ping: NodeJS.Timeout | null = null
    // 'error' and 'end' both come when the server terminates the backend: act once.
    const die = (why: string) => {
      if (dead) return
      dead = true
      if (ping) clearInterval(ping)
      if (client === candidate) client = null
      candidate.end().catch(() => {})
      if (closed) return
      failures++
      log?.warn('control channel connection lost; reconnecting', { why })
      scheduleConnect()
    }
    candidate.on('error', (error) => die(error.message))
    candidate.on('end', () => die('connection ended'))
    candidate.on('notification', (notification) => {
      if (notification.channel === channel) deliver(notification.payload)
    })
    try {
      await candidate.connect()
      await candidate.query(`LISTEN ${channel}`)
    } catch (error) {
      die((error as Error).message)
      return
    }
    if (dead) return
    if (closed) {
      await candidate.end().catch(() => {})
      return
    }
    client = candidate
    failures = 0
    ping = setInterval(() => {
      candidate.query('SELECT 1').catch((error: Error) => die(error.message))
    }, pingEveryMs)
    ping.unref()
    const wasReconnect = everConnected
    everConnected = true
    for (const resolve of waiting.splice(0)) resolve()
    if (wasReconnect) {
      log?.info('control channel listening again', { channel })
      for (const handler of reconnectHandlers) {
        try {
          handler()
        } catch (error) {
          log?.error('control channel reconnect handler threw', { error: (error as Error).message })
        }
      }
    }
  }

  void connect()

  return {
    async publish(message) {
      const payload = JSON.stringify({ from: nodeId, message: messageSchema.parse(message) })
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`control message of ${Buffer.byteLength(payload)} bytes is too large`)
      await sql`SELECT pg_notify(${channel}, ${payload})`.execute(db)
    },

    subscribe(handler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },

    onReconnect(handler) {
      reconnectHandlers.add(handler)
      return () => reconnectHandlers.delete(handler)
    },

    listening() {
      if (client) return Promise.resolve()
      return new Promise<void>((resolve) => waiting.push(resolve))
    },

    async close() {
      closed = true
      if (retry) clearTimeout(retry)
      waiting = []
      const current = client
      client = null
      await current?.end().catch(() => {})
    },
  }
}
