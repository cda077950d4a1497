import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import type { IndexeddbPersistence } from 'y-indexeddb'
import { toDocumentName } from '../../shared/protocol/document-key.ts'
import type { Part } from '../../shared/schema/roots.ts'
import type { PresenceUser } from './presence.ts'
import { DROP_LOCAL_COPY_CODES } from '../../shared/protocol/close-codes.ts'
import { dropLocalCopyOf, localCopyName, openLocalCopy, registerLocalCopy } from './local-copies.ts'
import { readOnlySocket } from './read-only-socket.ts'

export interface CollabDoc {
  doc: Y.Doc
  provider: WebsocketProvider
  /** The offline copy on this device (IndexedDB). */
  persistence: IndexeddbPersistence
  /** The origin of every change this tab makes: the undo manager tracks only it. */
  origin: LocalOrigin
}

/** Tag of local changes (Y transactions), so undo and observers can tell mine from others'. */
export interface LocalOrigin {
  source: 'local'
  part: Part
  userId: string
}

/** `ws(s)://<host>/sync`, same origin as the page (the dev server proxies it). */
export const syncBaseUrl = (): string => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/sync`

/**
 * One Y.Doc, its offline copy (y-indexeddb) and one WebsocketProvider for
 * `<situationId>/<part>`, created in an effect and destroyed on cleanup
 * (never at module scope or in render). The awareness `user` is set before
 * connecting, since the server drops awareness states without one. A
 * read-only part never sends updates. Edits made while disconnected stay in
 * the offline copy, survive closing the tab, and are sent by the next
 * handshake.
 *
 * @example const collab = useCollabDoc(situationId, 'plan', user)
 */
export function useCollabDoc(situationId: string, part: Part, user: PresenceUser | null, options: { readOnly?: boolean } = {}): CollabDoc | null {
  const [collab, setCollab] = useState<CollabDoc | null>(null)
  const userKey = user ? JSON.stringify(user) : null
  const readOnly = options.readOnly ?? false

  useEffect(() => {
    if (!userKey) return
    const presenceUser = JSON.parse(userKey) as PresenceUser
    const doc = new Y.Doc()
    const name = localCopyName(presenceUser.id, situationId, part)
    // None on a shared device; no health part unless the user opted in (local-copies.ts).
    const persistence = openLocalCopy(name, doc, part)
    const provider = new WebsocketProvider(syncBaseUrl(), toDocumentName({ situationId, part }), doc, {
      connect: false,
      // The server is the only path between tabs: it checks every update.
      disableBc: true,
      maxBackoffTime: 5000,
      // Defence in depth: a reader's socket never sends document updates.
      ...(readOnly ? { WebSocketPolyfill: readOnlySocket() } : {}),
    })
    registerLocalCopy(provider, persistence)
    // Access to this part lost, a refused write, or the server's data replaced:
    // this device's copy must go, whether or not a screen watches the status
    // of this document (the person part beside the plan has no banner).
    const onConnectionClose = (event: CloseEvent | null) => {
      if (event && DROP_LOCAL_COPY_CODES.includes(event.code)) void dropLocalCopyOf(provider)
    }
    provider.on('connection-close', onConnectionClose)
    provider.awareness.setLocalStateField('user', presenceUser)
    provider.connect()
    setCollab({ doc, provider, persistence, origin: { source: 'local', part, userId: presenceUser.id } })
    return () => {
      provider.off('connection-close', onConnectionClose)
      setCollab(null)
      provider.awareness.setLocalState(null)
      provider.destroy()
      void persistence.destroy()
      doc.destroy()
    }
  }, [situationId, part, userKey, readOnly])

  return collab
}

/**
 * True once the document can be shown: the server's state arrived, or the
 * offline copy on this device held a state (so a page opened offline still
 * shows what was last seen, and keeps what is written).
 */
export function useDocReady(collab: CollabDoc | null): boolean {
  const [ready, setReady] = useState(false)
  useEffect(() => {
    if (!collab) {
      setReady(false)
      return
    }
    let live = true
    const { provider, persistence, doc } = collab
    const done = () => live && setReady(true)
    setReady(provider.synced)
    const onSync = (synced: boolean) => synced && done()
    provider.on('sync', onSync)
    void persistence.whenSynced.then(() => {
      if (doc.store.clients.size > 0) done()
    })
    return () => {
      live = false
      provider.off('sync', onSync)
    }
  }, [collab])
  return ready
}
