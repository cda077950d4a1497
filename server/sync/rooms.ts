import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { Limits } from '../../shared/protocol/limits.ts'
import { EMPTY_AWARENESS_MESSAGE } from './frame.ts'
import type { Logger } from '../log.ts'
import type { Connection } from './connection.ts'
import { RoomSuperseded, runHooks, type Extension } from './extension.ts'
import { Room } from './room.ts'
import { parseDocumentName } from '../../shared/protocol/document-key.ts'
import type { Revocation } from '../../shared/protocol/revocation.ts'

export interface RoomRegistryOptions {
  extensions: readonly Extension[]
  log: Logger
  /** How long an empty room stays loaded before its final flush and unload. */
  unloadDelayMs?: number
  heartbeatMs?: number
  /**
   * Cluster mode: whether this node may serve the situation (it holds, or
   * just took, its ownership). Asked before a room loads, whatever loads it
   * (an upgrade, a server change, a state read); false refuses the load with
   * RoomSuperseded. Without it, this node serves every situation.
   */
  admit?: (situationId: string) => Promise<boolean>
  /** Cluster mode: carries a revocation to the other nodes (server/app.ts, over the control channel). */
  announce?: (revocation: Revocation) => void
}

/**
 * The registry of loaded rooms: the fan-out interface. A multi-node version
 * routes by situation id to the node that owns the room; this one owns all.
 */
export interface RoomRegistry {
  /** Loads the room if needed (concurrent joins share one load) and joins the connection once it is ready. */
  join(docName: string, connection: Connection): Promise<void>
  /** A loaded room, if any (for server-side changes and versions). */
  get(docName: string): Room | undefined
  /** Runs a server-side change on a document, loading it for the duration if nobody has it open. */
  change(docName: string, reason: string, change: (doc: Y.Doc) => void): Promise<void>
  /** The full current states of several documents, taken in one turn of the event loop after a flush. */
  encodeStates(docNames: readonly string[]): Promise<Uint8Array[]>
  /** Closes every connection matching the predicate with the given code. */
  closeWhere(predicate: (connection: Connection) => boolean, code: number, reason: string): number
  /** Every live connection (attendance, revocation, metrics). */
  connections(): Connection[]
  /** Names of loaded documents (tests and metrics). */
  loadedNames(): string[]
  connectionCount(): number
  /** Open sockets of one user, joined or waiting for their load (the sockets-per-user budget). */
  socketsOf(userId: string): number
  /**
   * Cluster mode: this node's copies of the situation are no longer the ones
   * that count. Its rooms (every part) are unloaded without storing anything
   * more, and their sockets, joined or waiting, are closed with `code`.
   */
  discardSituation(situationId: string, code: number, reason: string): number
  /** Closes every socket with `code`, flushes and unloads every room. */
  shutdown(code?: number): Promise<void>
  /**
   * Hands a revocation this node just applied to its own connections to the
   * other nodes (the `announce` option, cluster mode); nothing on a single node.
   */
  announce(revocation: Revocation): void
}

interface Entry {
  room: Room
  ready: Promise<void>
  /** Set while the room flushes and unloads; a join waits for it, then loads afresh. */
  unloading: Promise<void> | null
  unloadTimer: NodeJS.Timeout | null
  /** Server-side users holding the room open without a socket. */
  holds: number
}

/** @example const rooms = createRoomRegistry({ extensions, log }) */
export function createRoomRegistry({
  extensions,
  log,
  unloadDelayMs = 1_000,
  heartbeatMs = Limits.heartbeatMs,
  admit,
  announce = () => {},
}: RoomRegistryOptions): RoomRegistry {
  const entries = new Map<string, Entry>()
  /** Connections waiting for their room's load: revocation must reach them too. */
  const pending = new Set<Connection>()
  const socketsPerUser = new Map<string, number>()
  const countSocket = (connection: Connection) => {
    const { userId } = connection.principal
    socketsPerUser.set(userId, (socketsPerUser.get(userId) ?? 0) + 1)
  }
  const uncountSocket = (connection: Connection) => {
    const { userId } = connection.principal
    const left = (socketsPerUser.get(userId) ?? 1) - 1
    if (left <= 0) socketsPerUser.delete(userId)
    else socketsPerUser.set(userId, left)
  }

  /** `onLoading` meets the room before its load is awaited (a connection waiting for it). */
  const acquire = async (docName: string, onLoading?: (room: Room) => void): Promise<Entry> => {
    for (;;) {
      const existing = entries.get(docName)
      if (!existing) break
      if (existing.room.discarded && !existing.unloading) {
        if (existing.unloadTimer) clearTimeout(existing.unloadTimer)
        existing.unloadTimer = null
        existing.unloading = unload(docName, existing)
      }
      if (existing.unloading) {
        await existing.unloading
        continue
      }
      if (existing.unloadTimer) {
        clearTimeout(existing.unloadTimer)
        existing.unloadTimer = null
      }
      onLoading?.(existing.room)
      await existing.ready
      return existing
    }
    // Names arrive from the edges (the sync route, use cases); the room and its hooks carry the key.
    const key = parseDocumentName(docName)
    if (!key) throw new Error(`not a document name: ${docName}`)
    const room = new Room(key, extensions, log, undefined, () => registry.discardSituation(key.situationId, CloseCode.ownershipMoved, 'situation moved to another node'))
    onLoading?.(room)
    // In the map before admission is asked: from now on the situation is in
    // use here (loadedNames), and its ownership is not given up under the load.
    const entry: Entry = { room, ready: admitThenLoad(room), unloading: null, unloadTimer: null, holds: 0 }
    entries.set(docName, entry)
    try {
      await entry.ready
    } catch (error) {
      entries.delete(docName)
      room.destroy()
      throw error
    }
    return entry
  }

  const admitThenLoad = async (room: Room): Promise<void> => {
    if (admit && !(await admit(room.key.situationId))) throw new RoomSuperseded(room.key.situationId)
    await room.load()
  }

  const scheduleUnload = (docName: string, entry: Entry) => {
    if (entry.room.connections.size > 0 || entry.holds > 0 || entry.unloading || entry.unloadTimer) return
    // A dropped copy is worth nothing: it goes at once.
    if (entry.room.discarded) {
      entry.unloading = unload(docName, entry)
      return
    }
    entry.unloadTimer = setTimeout(() => {
      entry.unloadTimer = null
      if (entry.room.connections.size > 0 || entry.holds > 0) return
      entry.unloading = unload(docName, entry)
    }, unloadDelayMs)
    entry.unloadTimer.unref()
  }

  const unload = async (docName: string, entry: Entry): Promise<void> => {
    try {
      await entry.room.flush()
      // A discarded document is dropped as is: storage holds the truth.
      if (!entry.room.discarded) await runHooks(extensions, 'beforeUnloadDocument', { documentKey: entry.room.key, documentName: docName, doc: entry.room.doc })
    } catch (error) {
      log.error('final flush before unload failed', { doc: docName, error: (error as Error).message })
    } finally {
      entry.room.destroy()
      entries.delete(docName)
    }
  }

  const heartbeat = setInterval(() => {
    const now = Date.now()
    for (const entry of entries.values()) {
      for (const connection of entry.room.connections) {
        if (!connection.heartbeat()) {
          log.info('reaping silent connection', { doc: entry.room.name, connection: connection.id })
          connection.terminate()
          continue
        }
        if (now - connection.lastSentAt >= heartbeatMs) connection.send(EMPTY_AWARENESS_MESSAGE)
      }
    }
  }, heartbeatMs)
  heartbeat.unref()

  const registry: RoomRegistry = {
    announce,
    async join(docName, connection) {
      let entry: Entry | undefined
      countSocket(connection)
      // One listener per socket (issue 17: memory per idle connection): the count, then the room once joined.
      connection.onClose(() => {
        uncountSocket(connection)
        if (entry?.room.leave(connection)) scheduleUnload(docName, entry)
      })
      pending.add(connection)
      try {
        entry = await acquire(docName, (room) => room.addWaiting(connection))
      } catch (error) {
        if (error instanceof RoomSuperseded) {
          log.info('document not served here', { doc: docName, error: error.message })
          connection.close(CloseCode.ownershipMoved, 'situation served by another node')
          return
        }
        log.error('document load failed', { doc: docName, error: (error as Error).message })
        connection.close(CloseCode.storageUnavailable, 'document could not be loaded')
        return
      } finally {
        pending.delete(connection)
      }
      if (connection.closed) {
        scheduleUnload(docName, entry)
        return
      }
      entry.room.join(connection)
    },

    get(docName) {
      const entry = entries.get(docName)
      return entry && !entry.unloading ? entry.room : undefined
    },

    async change(docName, reason, change) {
      const entry = await acquire(docName)
      entry.holds++
      try {
        await entry.room.applyServerChange(reason, change)
      } finally {
        entry.holds--
        scheduleUnload(docName, entry)
      }
    },

    async encodeStates(docNames) {
      const held: Entry[] = []
      try {
        for (const docName of docNames) {
          const entry = await acquire(docName)
          entry.holds++
          held.push(entry)
        }
        await Promise.all(held.map((entry) => entry.room.flush()))
        // Synchronous from here: no update can land between two parts.
        return held.map((entry) => Y.encodeStateAsUpdate(entry.room.doc))
      } finally {
        held.forEach((entry, index) => {
          entry.holds--
          scheduleUnload(docNames[index]!, entry)
        })
      }
    },

    closeWhere(predicate, code, reason) {
      let closed = 0
      // A connection still waiting for its load never joins once closed.
      for (const connection of [...pending]) {
        if (!connection.closed && predicate(connection)) {
          connection.close(code, reason)
          closed++
        }
      }
      for (const entry of entries.values()) {
        for (const connection of [...entry.room.connections]) {
          if (predicate(connection)) {
            connection.close(code, reason)
            closed++
          }
        }
      }
      return closed
    },

    discardSituation(situationId, code, reason) {
      let closed = 0
      for (const connection of [...pending]) {
        if (!connection.closed && connection.principal.situationId === situationId) {
          connection.close(code, reason)
          closed++
        }
      }
      for (const [docName, entry] of entries) {
        if (entry.room.key.situationId !== situationId) continue
        closed += entry.room.discard(code, reason)
        if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
        entry.unloadTimer = null
        // A room still loading goes once its load ends (a failed load removes itself); a held one when released.
        if (!entry.unloading && entry.holds === 0) entry.unloading = entry.ready.then(() => unload(docName, entry), () => {})
      }
      return closed
    },

    connections: () => [...entries.values()].flatMap((entry) => [...entry.room.connections]),

    loadedNames: () => [...entries.keys()],

    socketsOf: (userId) => socketsPerUser.get(userId) ?? 0,

    connectionCount: () => [...entries.values()].reduce((sum, entry) => sum + entry.room.connections.size, 0),

    async shutdown(code = CloseCode.serviceRestart) {
      clearInterval(heartbeat)
      for (const entry of entries.values()) {
        for (const connection of [...entry.room.connections]) connection.close(code, 'server restarting')
      }
      await Promise.all(
        [...entries.entries()].map(([docName, entry]) => {
          if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
          entry.unloading ??= unload(docName, entry)
          return entry.unloading
        }),
      )
    },
  }
  return registry
}
