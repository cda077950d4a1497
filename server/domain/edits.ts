import * as Y from 'yjs'
import type { RoomRegistry } from '../sync/rooms.ts'
import type { ClientBindingRows } from '../storage/client-bindings.ts'

/**
 * Makes a change as a given user, through the same room the live clients
 * use: the change is made on a copy with its own Yjs client id, that id is
 * bound to the user (so authorship labels hold), and the resulting update is
 * applied, stored and broadcast by the room.
 */
export async function editAs(
  { rooms, bindings }: { rooms: RoomRegistry; bindings: ClientBindingRows },
  docName: string,
  userId: string,
  change: (doc: Y.Doc) => void,
): Promise<void> {
  const [state] = await rooms.encodeStates([docName])
  const copy = new Y.Doc()
  Y.applyUpdate(copy, state!)
  const before = Y.encodeStateVector(copy)
  copy.transact(() => change(copy))
  const update = Y.encodeStateAsUpdate(copy, before)
  bindings.bind(docName, copy.clientID, userId)
  copy.destroy()
  await rooms.change(docName, `edit by ${userId}`, (doc) => Y.applyUpdate(doc, update))
}
