import type * as Y from 'yjs'
import type { Access } from '../../shared/schema/parts.ts'
import type { Role } from '../../shared/domain/roles.ts'
import type { AwarenessEntry } from './frame.ts'
import type { Connection } from './connection.ts'
import type { DecodedUpdate } from './update-check.ts'
import type { DocumentKey } from '../../shared/protocol/document-key.ts'

/**
 * The typed extension points of the sync layer (Hocuspocus's hooks, Outline's
 * collaboration extensions). Extensions are listed in order in app.ts; each
 * hook runs in that order; a throw rejects. Extensions never call each other.
 */

/** Who is on the other end of a connection, decided once at upgrade by the policy. */
export interface Principal {
  userId: string
  name: string
  sessionId: string
  situationId: string
  part: string
  access: Exclude<Access, 'none'>
  /** The member's role in the situation (some parts have per-key rules by role). */
  role: Role
  /** Where the connection came from, for the audit trail. */
  address: string
}

/** Thrown by a hook to refuse an update or a connection: closes that connection only. */
export class SyncRefusal extends Error {
  override name = 'SyncRefusal'
  constructor(
    readonly closeCode: number,
    message: string,
    /** The rule that refused, for the audit trail (DESIGN.md 5b; server/rules/table.ts). */
    readonly rule = 'rights',
  ) {
    super(message)
  }
}

/**
 * This node's copy of the situation is no longer the one that counts (cluster
 * mode: another node holds its ownership, or this node could not take it).
 * Thrown by the storing extension when a write is fenced, and by the registry
 * when a load is not admitted. Nobody's fault: the room stores nothing more,
 * drops its copy of the whole situation and sends every client away with a
 * retryable code (CloseCode.ownershipMoved), so they reconnect to the owner.
 */
export class RoomSuperseded extends Error {
  override name = 'RoomSuperseded'
  constructor(
    readonly situationId: string,
    message = `situation ${situationId} is served by another node`,
  ) {
    super(message)
  }
}

export interface LoadPayload {
  /** Which document: passed whole, never parsed back from its name. */
  documentKey: DocumentKey
  /** Its name in storage and on the wire (toDocumentName of the key, computed once per room). */
  documentName: string
  doc: Y.Doc
  /**
   * Offered by the room to the storage extension: the complete committed
   * state as stored bytes, before they are applied. The room may answer the
   * step 1s of waiting clients from them (see Room.offerStoredState).
   */
  offerStoredState?: (state: Uint8Array) => Promise<void>
}

export interface UpdatePayload {
  /** Which document: passed whole, never parsed back from its name. */
  documentKey: DocumentKey
  /** Its name in storage and on the wire (toDocumentName of the key, computed once per room). */
  documentName: string
  doc: Y.Doc
  connection: Connection
  update: Uint8Array
  /** Client ids that bring structs the document does not have yet, with their end clocks. */
  newClients: Map<number, number>
  /** The update decoded once (structs the document already had are cut out before the hooks run). */
  decoded: DecodedUpdate
  /** Updates accepted before this one and not applied yet, in order: the document does not hold them yet. */
  accepted(): DecodedUpdate[]
  /** The connection currently publishing presence for a client id, if any. */
  presenceHolder(clientId: number): Connection | undefined
  /** Set by the persisting extension: the log row of this update. */
  seq?: number
}

export interface AwarenessPayload {
  /** Which document: passed whole, never parsed back from its name. */
  documentKey: DocumentKey
  /** Its name in storage and on the wire (toDocumentName of the key, computed once per room). */
  documentName: string
  connection: Connection
  entries: AwarenessEntry[]
  /** The connection currently publishing presence for a client id, if any. */
  presenceHolder(clientId: number): Connection | undefined
}

/** A write or a connection refused: for the audit trail (never document text). */
export interface RefusalPayload {
  /** Which document: passed whole, never parsed back from its name. */
  documentKey: DocumentKey
  /** Its name in storage and on the wire (toDocumentName of the key, computed once per room). */
  documentName: string
  connection: Connection
  closeCode: number
  rule: string
  reason: string
}

export interface ConnectPayload {
  /** Which document: passed whole, never parsed back from its name. */
  documentKey: DocumentKey
  /** Its name in storage and on the wire (toDocumentName of the key, computed once per room). */
  documentName: string
  connection: Connection
}

export interface AfterLoadPayload {
  /** Which document: passed whole, never parsed back from its name. */
  documentKey: DocumentKey
  /** Its name in storage and on the wire (toDocumentName of the key, computed once per room). */
  documentName: string
  doc: Y.Doc
  /** Makes a server-side change through the room (stored, then broadcast). */
  applyServerChange(reason: string, change: (doc: Y.Doc) => void): Promise<void>
}

export interface UnloadPayload {
  /** Which document: passed whole, never parsed back from its name. */
  documentKey: DocumentKey
  /** Its name in storage and on the wire (toDocumentName of the key, computed once per room). */
  documentName: string
  doc: Y.Doc
}

export interface ServerChangePayload {
  /** Which document: passed whole, never parsed back from its name. */
  documentKey: DocumentKey
  /** Its name in storage and on the wire (toDocumentName of the key, computed once per room). */
  documentName: string
  doc: Y.Doc
  update: Uint8Array
  reason: string
  seq?: number
}

export interface HookPayloads {
  /** Fill a fresh document from storage before anyone sees it. */
  onLoadDocument: LoadPayload
  /** After loading, before anyone joins: rewrite server-owned display copies. */
  afterLoadDocument: AfterLoadPayload
  /** After the document is loaded and the connection joined. */
  onConnect: ConnectPayload
  onDisconnect: ConnectPayload
  /** Synchronous checks before anything is stored: throw SyncRefusal to refuse. */
  onAuthorizeUpdate: UpdatePayload
  /** Make the update durable; resolves once committed. */
  onStoreUpdate: UpdatePayload
  /** The update was stored but Yjs could not apply it: undo the storing. */
  onApplyFailed: UpdatePayload
  /** The update is applied and broadcast. */
  afterApplyUpdate: UpdatePayload
  /** A change made by the server itself (display copies, restore): store it. */
  onStoreServerChange: ServerChangePayload
  afterServerChange: ServerChangePayload
  /** A refused update, frame or connection (after its sender was closed). */
  onRefuse: RefusalPayload
  /** Keep only the awareness entries this connection may publish (mutate `entries`). */
  onFilterAwareness: AwarenessPayload
  /** Last chance to flush before the document leaves memory. */
  beforeUnloadDocument: UnloadPayload
}

export type HookName = keyof HookPayloads

export type Extension = { name: string } & {
  [K in HookName]?: (payload: HookPayloads[K]) => void | Promise<void>
}

/** Runs one hook of every extension, in order; the first throw rejects. */
export async function runHooks<K extends HookName>(extensions: readonly Extension[], name: K, payload: HookPayloads[K]): Promise<void> {
  for (const extension of extensions) {
    const hook = extension[name] as ((payload: HookPayloads[K]) => void | Promise<void>) | undefined
    if (hook) await hook.call(extension, payload)
  }
}

/** The synchronous variant, for hooks on the hot path that must not yield. */
export function runHooksSync<K extends HookName>(extensions: readonly Extension[], name: K, payload: HookPayloads[K]): void {
  for (const extension of extensions) {
    const hook = extension[name] as ((payload: HookPayloads[K]) => void | Promise<void>) | undefined
    if (hook) {
      const result = hook.call(extension, payload)
      if (result instanceof Promise) throw new Error(`hook ${extension.name}.${name} must be synchronous`)
    }
  }
}
