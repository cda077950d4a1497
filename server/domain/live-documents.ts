import type * as Y from 'yjs'
import type { Access } from '../../shared/schema/parts.ts'
import type { Revocation } from '../../shared/protocol/revocation.ts'

/** What a use case may know of a live connection: who it is and what it was opened for. */
export interface LiveConnection {
  principal: {
    userId: string
    sessionId: string
    situationId: string
    /** As the connection asked for it: a part name, checked with `isPart` before use. */
    part: string
    access: Exclude<Access, 'none'>
  }
}

/**
 * The live documents as the use cases see them: change a document, read its
 * state, close the connections whose rights changed. Domain owns this
 * interface and never imports sync; the room registry (sync/rooms.ts)
 * implements it as it stands, and server/app.ts hands the registry over as
 * this interface. Documents are named `<situationId>/<part>` by
 * `documentName` (shared/schema/roots.ts).
 */
export interface LiveDocuments {
  /** Makes a server change to a document (loaded for the duration if nobody has it open): stored and broadcast like any edit. */
  change(docName: string, reason: string, change: (doc: Y.Doc) => void): Promise<void>
  /** The full current states of several documents as Yjs updates, taken at one moment after a flush. */
  encodeStates(docNames: readonly string[]): Promise<Uint8Array[]>
  /** The documents loaded in memory now. */
  loadedNames(): string[]
  /** Closes the live connections that match, with a close code (the client reconnects or explains); returns how many. */
  closeWhere(predicate: (connection: LiveConnection) => boolean, code: number, reason: string): number
  /** The live connections now, for a periodic re-check of their rights. */
  connections(): LiveConnection[]
  /**
   * Tells the live documents held elsewhere (the other nodes of a cluster)
   * to do what this node just did to its own connections; nothing on a
   * single node. A speed-up only: a cluster node also re-checks its
   * connections on a timer, so a lost announcement delays a kick by
   * seconds and never keeps a right.
   */
  announce(revocation: Revocation): void
}
