import { IndexeddbPersistence } from 'y-indexeddb'
import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import type { Part } from '../../shared/schema/roots.ts'

/**
 * The offline copies of a situation's documents, one IndexedDB database per
 * user, situation and part (`concerto:<userId>:<situationId>:<part>`), so a
 * second account on the same browser never sees the first one's copy. They
 * are cleared on logout, when the session is found expired (a 401 at start or
 * on reconnect) and when access to a situation is lost.
 *
 * Where copies are kept at all is the user's choice at login (issue 14): on a
 * shared device (the default) none is kept; on a personal device every part
 * but `health`, unless the user opted in on "Mon compte".
 */

const PREFIX = 'concerto:'
const REGISTRY_KEY = 'concerto.localCopies'

export const localCopyName = (userId: string, situationId: string, part: Part): string => `${PREFIX}${userId}:${situationId}:${part}`

/** Names written by this browser, for browsers without `indexedDB.databases()`. */
function registry(): string[] {
  try {
    const value = JSON.parse(localStorage.getItem(REGISTRY_KEY) ?? '[]') as unknown
    return Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : []
  } catch {
    return []
  }
}

function saveRegistry(names: string[]): void {
  try {
    localStorage.setItem(REGISTRY_KEY, JSON.stringify([...new Set(names)]))
  } catch {
    // private mode: the databases list is the only record
  }
}

export const rememberLocalCopy = (name: string): void => saveRegistry([...registry(), name])

async function knownNames(): Promise<string[]> {
  let names = registry()
  try {
    const databases = await indexedDB.databases()
    names = [...names, ...databases.map((database) => database.name ?? '')]
  } catch {
    // not supported: the registry alone
  }
  return [...new Set(names.filter((name) => name.startsWith(PREFIX)))]
}

const deleteDatabase = (name: string): Promise<void> =>
  new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = () => resolve()
    request.onerror = () => resolve()
    // Blocked while a tab still holds it open: it completes when that tab closes it.
  })

/**
 * Deletes local copies: all of them (logout, session ended), or one
 * situation's (access lost). Resolves when the deletions were requested
 * and any unblocked one finished.
 */
export async function clearLocalCopies(filter: { situationId?: string; part?: Part } = {}): Promise<void> {
  const names = await knownNames()
  const doomed = names.filter(
    (name) => (!filter.situationId || name.split(':')[2] === filter.situationId) && (!filter.part || name.split(':')[3] === filter.part),
  )
  saveRegistry(registry().filter((name) => !doomed.includes(name)))
  await Promise.all(doomed.map((name) => Promise.race([deleteDatabase(name), new Promise<void>((resolve) => setTimeout(resolve, 2000))])))
}

/** The persistence behind each live provider, so a refusal can drop exactly that copy. */
const persistenceOf = new WeakMap<WebsocketProvider, IndexeddbPersistence>()

export const registerLocalCopy = (provider: WebsocketProvider, persistence: IndexeddbPersistence): void => {
  persistenceOf.set(provider, persistence)
}

/** Stops persisting this document and deletes its local copy (after 4403/4404/4410/4412 or a 401/404). */
export async function dropLocalCopyOf(provider: WebsocketProvider): Promise<void> {
  const persistence = persistenceOf.get(provider)
  if (!persistence) return
  persistenceOf.delete(provider)
  saveRegistry(registry().filter((name) => name !== persistence.name))
  await persistence.clearData().catch(() => {})
}

export interface LocalCopyPolicy {
  /** The session was opened on a device the user did not say is personal. */
  sharedDevice: boolean
  /** The user chose to keep the health part offline too (personal device only). */
  keepHealth: boolean
}

const KEEP_HEALTH_KEY = 'concerto.keepHealthCopies'
// Until the session says otherwise, nothing is written: the safe default.
let policy: LocalCopyPolicy = { sharedDevice: true, keepHealth: false }

/** The user's opt-in for health copies on this browser, per account. */
export function keepsHealthCopies(userId: string): boolean {
  try {
    return localStorage.getItem(`${KEEP_HEALTH_KEY}:${userId}`) === '1'
  } catch {
    return false
  }
}

export function setKeepHealthCopies(userId: string, keep: boolean): void {
  try {
    if (keep) localStorage.setItem(`${KEEP_HEALTH_KEY}:${userId}`, '1')
    else localStorage.removeItem(`${KEEP_HEALTH_KEY}:${userId}`)
  } catch {
    // private mode: no opt-in is remembered, so no health copy is kept
  }
  policy = { ...policy, keepHealth: keep }
  if (!keep) void clearLocalCopies({ part: 'health' })
}

/** Set by the session once it knows the device kind; a shared device drops every copy already there. */
export function setLocalCopyPolicy(next: LocalCopyPolicy): void {
  policy = next
  if (next.sharedDevice) void clearLocalCopies()
  else if (!next.keepHealth) void clearLocalCopies({ part: 'health' })
}

export const localCopyPolicy = (): LocalCopyPolicy => policy

export const keepsLocalCopy = (part: Part, current: LocalCopyPolicy = policy): boolean =>
  !current.sharedDevice && (part !== 'health' || current.keepHealth)

/**
 * The offline copy of one document, or, where none may be kept, a stand-in
 * with the same surface that writes nothing (no IndexedDB database is even
 * opened, so none exists to be found later).
 */
export function openLocalCopy(name: string, doc: Y.Doc, part: Part): IndexeddbPersistence {
  if (keepsLocalCopy(part)) {
    rememberLocalCopy(name)
    return new IndexeddbPersistence(name, doc)
  }
  const none = {
    name,
    doc,
    synced: true,
    whenSynced: Promise.resolve(),
    destroy: async () => {},
    clearData: async () => {},
  }
  ;(none as { whenSynced: Promise<unknown> }).whenSynced = Promise.resolve(none)
  return none as unknown as IndexeddbPersistence
}
