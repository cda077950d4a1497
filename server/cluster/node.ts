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
      if (held?.epoch === error.claim.epoch) release(error.situationId)
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
    lastAsked.set(situationId, performance.now())
    const before = ownership.held().find((claim) => claim.situationId === situationId)?.epoch
    const claim = await ownership.acquire(situationId)
    if (claim && claim.epoch > 1 && claim.epoch !== before) {
      // A previous owner still alive drops its copy now rather than at its next renewal.
      control.publish({ type: 'ownership-moved', situationId, nodeId: cluster.nodeId, epoch: claim.epoch }).catch((error) =>
        log?.warn('ownership-moved not published; the old owner learns at its renewal', { situationId, error: (error as Error).message }),
      )
    }
    return claim !== null
  }

  control.subscribe((message, from) => {
    if (message.type !== 'ownership-moved' || from === cluster.nodeId) return
    const held = ownership.held().find((claim) => claim.situationId === message.situationId)
    if (!held || held.epoch >= message.epoch) return
    log?.warn('situation taken over by another node', { situationId: message.situationId, by: message.nodeId, epoch: message.epoch, ours: held.epoch })
    release(message.situationId)
    tellLost(message.situationId)
  })

  const creatingStore: DocumentStore = {
    ...store,
    async append(key, update) {
      if (!(await serve(key.situationId))) throw new FencedError(key.situationId, null, 'not-held')
      return store.append(key, update)
    },
  }

  const release = (situationId: string) => {
    lastAsked.delete(situationId)
    const done = ownership
      .release(situationId)
      .catch((error) => log?.warn('release of an idle situation failed; its lease lapses by itself', { situationId, error: (error as Error).message }))
      .finally(() => releasing.delete(done))
    releasing.add(done)
  }

  const sweep = setInterval(() => {
    const now = performance.now()
    for (const { situationId } of ownership.held()) {
      if (now - (lastAsked.get(situationId) ?? 0) >= idleReleaseMs && !inUse(situationId)) release(situationId)
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
