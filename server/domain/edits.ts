import * as Y from 'yjs'
import type { ClientBindingRows } from '../storage/client-bindings.ts'
import type { LiveDocuments } from './live-documents.ts'
import { toDocumentName, type DocumentKey } from '../../shared/protocol/document-key.ts'

/**
 * Makes a change as a given user, through the same room the live clients
 * use: the change is made on a copy with its own Yjs client id, that id is
 * bound to the user (so authorship labels hold), and the resulting update is
 * applied, stored and broadcast by the room.
 */
export async function editAs(
  { rooms, bindings }: { rooms: Pick<LiveDocuments, 'encodeStates' | 'change'>; bindings: ClientBindingRows },
  key: DocumentKey,
  userId: string,
  change: (doc: Y.Doc) => void,
): Promise<void> {
  // The live room is addressed by the document's wire name (LiveDocuments); the binding by its key.
  const docName = toDocumentName(key)
  const [state] = await rooms.encodeStates([docName])
  const copy = new Y.Doc()
  Y.applyUpdate(copy, state!)
  const before = Y.encodeStateVector(copy)
  copy.transact(() => change(copy))
  const update = Y.encodeStateAsUpdate(copy, before)
  // Stored before the change goes through the room, which does not wait for bindings made here.
  await bindings.bindStored(key, copy.clientID, userId)
  copy.destroy()
  await rooms.change(docName, `edit by ${userId}`, (doc) => Y.applyUpdate(doc, update))
}
