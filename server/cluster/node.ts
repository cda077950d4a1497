import { performance } from 'node:perf_hooks'
import { parseDocumentName } from '../../shared/protocol/document-key.ts'
import type { Logger } from '../log.ts'
import { openPostgres, type PostgresDb } from '../storage/postgres/connect.ts'
import { createPostgresDocumentStore } from '../storage/postgres/document-store.ts'
import { FencedError } from '../storage/postgres/fence.ts'
import { migratePostgres } from '../storage/postgres/migrate.ts'
import type { DocumentStore } from '../storage/updates.ts'
import type { ClusterConfig } from './config.ts'
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
  readonly db: PostgresDb
  /** Whether this node serves the situation: it holds its ownership or just took it (false: another live node holds it). */
  serve(situationId: string): Promise<boolean>
  /** Called when this node learns it lost a situation (renewal refused, or its local deadline passed). */
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
export async function startClusterNode({ cluster, log, idleReleaseMs = cluster.leaseTtlMs }: ClusterNodeOptions): Promise<ClusterNode> {
  const db = openPostgres({ connectionString: cluster.databaseUrl, applicationName: `concerto:${cluster.nodeId}`, log })
  try {
    await migratePostgres(db)
  } catch (error) {
    await db.destroy()
    throw error
  }
  const ownership = createOwnership({ db, nodeId: cluster.nodeId, leaseTtlMs: cluster.leaseTtlMs, renewEveryMs: cluster.renewEveryMs, log })
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
    return (await ownership.acquire(situationId)) !== null
  }

  const creatingStore: DocumentStore = {
    ...store,
    async append(doc, update) {
      const key = parseDocumentName(doc)
      if (key && !(await serve(key.situationId))) throw new FencedError(key.situationId, null, 'not-held')
      return store.append(doc, update)
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
    onLost: (listener) =>
      ownership.onLost((claim) => {
        lastAsked.delete(claim.situationId)
        listener(claim.situationId)
      }),
    useSituations(given) {
      inUse = given
    },
    async close() {
      if (closed) return
      closed = true
      clearInterval(sweep)
      await Promise.all(releasing)
      await ownership.close()
      await db.destroy()
    },
  }
}
