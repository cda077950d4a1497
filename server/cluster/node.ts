import { performance } from 'node:perf_hooks'
import type { Logger } from '../log.ts'
import { openPostgres, type PostgresDb } from '../storage/postgres/connect.ts'
import { createPostgresDocumentStore } from '../storage/postgres/document-store.ts'
import { FencedError } from '../storage/postgres/fence.ts'
import { migratePostgres } from '../storage/postgres/migrate.ts'
import type { DocumentStore } from '../storage/updates.ts'
import type { ClusterConfig } from './config.ts'
import { createControlChannel, type ControlChannel } from './control-channel.ts'
import { createOwnership, type Ownership } from './ownership.ts'

/** A non-owner asks the holder to hand a situation over at most this often; the holder does not take it back sooner. */
const HANDOVER_ASK_EVERY_MS = 1_000

export interface ClusterNodeOptions {
  cluster: ClusterConfig
  log?: Logger
  /**
   * A claim nothing used for this long (no room of the situation loaded, no
   * request asked for it) is released, so that ownership follows the proxy's
   * ring after nodes come and go. Default: the lease length.
   */
  idleReleaseMs?: number
  /** The control channel's name (nodes of one cluster share it; tests set one apart to lose its messages). */
  controlChannel?: string
}

/**
 * What app.ts wires into the document path in cluster mode (`STORE=postgres`):
 * the fenced document store and this node's ownership of situations.
 */
export interface ClusterNode {
  readonly nodeId: string
  /** The documents in PostgreSQL; every write is made under this node's claim (persist's store). */
  readonly store: DocumentStore
  /**
   * The same store, except that an append to a situation this node does not
   * hold takes its ownership first: the first documents of a new situation
   * (creation, import, seed), written without a room.
   */
  readonly creatingStore: DocumentStore
  readonly ownership: Ownership
  readonly control: ControlChannel
  readonly db: PostgresDb
  /** Whether this node serves the situation: it holds its ownership or just took it (false: another live node holds it). */
  serve(situationId: string): Promise<boolean>
  /**
   * Called when this node learns it lost a situation: renewal refused, its
   * local deadline passed, or another node announced it took it over
   * (`ownership-moved`, a speed-up: the fence does not depend on it).
   */
  onLost(listener: (situationId: string) => void): () => void
  /** Tells the node which situations are in use here (a loaded room), so that idle claims are given up. */
  useSituations(inUse: (situationId: string) => boolean): void
  /** Releases every claim (the next node takes over at once) and closes the pool. After the rooms' shutdown. */
  close(): Promise<void>
}

/**
 * Opens PostgreSQL, brings its schema up to date and starts this node's
 * ownership (decision 017; server/cluster/README.md).
 * @example const cluster = await startClusterNode({ cluster: readClusterConfig(process.env), log })
 */
export async function startClusterNode({ cluster, log, idleReleaseMs = cluster.leaseTtlMs, controlChannel }: ClusterNodeOptions): Promise<ClusterNode> {
  const db = openPostgres({ connectionString: cluster.databaseUrl, applicationName: `concerto:${cluster.nodeId}`, log })
  try {
    await migratePostgres(db)
  } catch (error) {
    await db.destroy()
    throw error
  }
  const ownership = createOwnership({ db, nodeId: cluster.nodeId, leaseTtlMs: cluster.leaseTtlMs, renewEveryMs: cluster.renewEveryMs, log })
  const control = createControlChannel({ db, connectionString: cluster.databaseUrl, nodeId: cluster.nodeId, channel: controlChannel, log })
  // Listening before serving, so that a takeover announced from now on is heard (bounded: only a speed-up).
  await Promise.race([control.listening(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())])
  const lostListeners = new Set<(situationId: string) => void>()
  const tellLost = (situationId: string) => {
    lastAsked.delete(situationId)
    for (const listener of lostListeners) listener(situationId)
  }
  ownership.onLost((claim) => tellLost(claim.situationId))
  const fencedStore = createPostgresDocumentStore({ db, fence: ownership })
  const lastAsked = new Map<string, number>()
  let inUse: (situationId: string) => boolean = () => true
  const releasing = new Set<Promise<void>>()

  /**
   * The database refused a claim this node still believes valid (it was
   * frozen past its lease, or the statement reached the database after it):
   * the claim is forgotten at once, so the next upgrade here tries to acquire
   * (and is answered 503 while another node holds the situation) instead of
   * loading a copy whose every write would be refused until the next renewal.
   */
  const forgetRefused = (error: unknown): never => {
    if (error instanceof FencedError && error.reason === 'refused' && error.claim) {
      const held = ownership.held().find((claim) => claim.situationId === error.situationId)
      if (held?.epoch === error.claim.epoch) void release(error.situationId)
    }
    throw error
  }
  const store: DocumentStore = {
    ...fencedStore,
    append: (doc, update) => fencedStore.append(doc, update).catch(forgetRefused),
    remove: (doc, seq) => fencedStore.remove(doc, seq).catch(forgetRefused),
    compact: (doc, state, uptoSeq) => fencedStore.compact(doc, state, uptoSeq).catch(forgetRefused),
    quarantine: (doc, source, id, reason) => fencedStore.quarantine(doc, source, id, reason).catch(forgetRefused),
  }

  const serve = async (situationId: string): Promise<boolean> => {
    const now = performance.now()
    if (now - (handedOver.get(situationId) ?? Number.NEGATIVE_INFINITY) < HANDOVER_ASK_EVERY_MS) return false
    lastAsked.set(situationId, now)
    const before = ownership.held().find((claim) => claim.situationId === situationId)?.epoch
    const claim = await ownership.acquire(situationId)
    if (claim && claim.epoch > 1 && claim.epoch !== before) {
      // A previous owner still alive drops its copy now rather than at its next renewal.
      control.publish({ type: 'ownership-moved', situationId, nodeId: cluster.nodeId, epoch: claim.epoch }).catch((error) =>
        log?.warn('ownership-moved not published; the old owner learns at its renewal', { situationId, error: (error as Error).message }),
      )
    }
    if (claim === null) askForHandover(situationId)
    return claim !== null
  }

  /**
   * A request for a situation another live node holds reached this node:
   * the proxy tries the ring's node first, so after a node came back (or a
   * takeover moved a meeting off it) its situations' requests land here
   * first. Sockets and GETs go on to the holder (nginx retries a 503), but
   * a POST is not retried by nginx (decision 017): while the meeting lasts,
   * every write would be refused. So the holder is asked to hand over; its
   * clients reconnect through the proxy, to this node. At most once a
   * second per situation, and only for the epoch read now: a request that
   * reached a node further down the ring names an epoch the ring's node
   * will have replaced, and is ignored.
   */
  const lastWanted = new Map<string, number>()
  /** Situations this node handed over just now: not taken back before the proxy's node has them. */
  const handedOver = new Map<string, number>()
  const askForHandover = (situationId: string) => {
    const now = performance.now()
    if (now - (lastWanted.get(situationId) ?? Number.NEGATIVE_INFINITY) < HANDOVER_ASK_EVERY_MS) return
    lastWanted.set(situationId, now)
    ownership
      .owner(situationId)
      .then((owner) => {
        if (!owner?.live || owner.nodeId === cluster.nodeId) return
        return control.publish({ type: 'ownership-wanted', situationId, nodeId: cluster.nodeId, epoch: owner.epoch })
      })
      .catch((error) => log?.warn('handover not asked; the request is answered 503', { situationId, error: (error as Error).message }))
  }

  control.subscribe((message, from) => {
    if (from === cluster.nodeId || (message.type !== 'ownership-moved' && message.type !== 'ownership-wanted')) return
    const held = ownership.held().find((claim) => claim.situationId === message.situationId)
    if (message.type === 'ownership-moved') {
      if (!held || held.epoch >= message.epoch) return
      log?.warn('situation taken over by another node', { situationId: message.situationId, by: message.nodeId, epoch: message.epoch, ours: held.epoch })
      void release(message.situationId)
      tellLost(message.situationId)
    } else {
      if (held?.epoch !== message.epoch) return
      log?.info('situation handed over to the node the proxy prefers', { situationId: message.situationId, to: message.nodeId, epoch: held.epoch })
      // The lease is freed before the sockets close, and this node does not
      // take it back for a while: the reconnecting clients find it free at
      // the node the proxy tries first, not here again.
      handedOver.set(message.situationId, performance.now())
      void release(message.situationId).finally(() => tellLost(message.situationId))
    }
  })

  const creatingStore: DocumentStore = {
    ...store,
    async append(key, update) {
      if (!(await serve(key.situationId))) throw new FencedError(key.situationId, null, 'not-held')
      return store.append(key, update)
    },
  }

  const release = (situationId: string): Promise<void> => {
    lastAsked.delete(situationId)
    const done = ownership
      .release(situationId)
      .catch((error) => log?.warn('release of a situation failed; its lease lapses by itself', { situationId, error: (error as Error).message }))
      .finally(() => releasing.delete(done))
    releasing.add(done)
    return done
  }

  const sweep = setInterval(() => {
    const now = performance.now()
    for (const seen of [lastWanted, handedOver]) for (const [situationId, at] of seen) if (now - at >= HANDOVER_ASK_EVERY_MS) seen.delete(situationId)
    for (const { situationId } of ownership.held()) {
      if (now - (lastAsked.get(situationId) ?? 0) >= idleReleaseMs && !inUse(situationId)) void release(situationId)
    }
  }, idleReleaseMs)
  sweep.unref()

  let closed = false
  return {
    nodeId: cluster.nodeId,
    store,
    creatingStore,
    ownership,
    db,
    serve,
    control,
    onLost(listener) {
      lostListeners.add(listener)
      return () => lostListeners.delete(listener)
    },
    useSituations(given) {
      inUse = given
    },
    async close() {
      if (closed) return
      closed = true
      clearInterval(sweep)
      await Promise.all(releasing)
      await ownership.close()
      await control.close()
      await db.destroy()
    },
  }
}
