import type { IndexeddbPersistence } from 'y-indexeddb'
import type { WebsocketProvider } from 'y-websocket'
import type { Part } from '../../shared/schema/roots.ts'

/**
 * The offline copies of a situation's documents, one IndexedDB database per
 * user, situation and part (`concerto:<userId>:<situationId>:<part>`), so a
 * second account on the same browser never sees the first one's copy. They
 * are cleared on logout and when access to a situation is lost.
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
export async function clearLocalCopies(filter: { situationId?: string } = {}): Promise<void> {
  const names = await knownNames()
  const doomed = names.filter((name) => !filter.situationId || name.split(':')[2] === filter.situationId)
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
