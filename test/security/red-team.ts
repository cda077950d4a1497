import * as Y from 'yjs'
import { expect } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/in-process.ts'
import { connectClient, eventually, login, sleep, type TestClient } from '../helpers/clients.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { encodeSyncUpdate } from '../../server/sync/frame.ts'
import type { StoredDocument } from '../../server/storage/updates.ts'
import { keyOf } from '../helpers/document-key.ts'

/**
 * The stage of a red-team case: a real server with the demo, an attacker and
 * a witness connected with stock y-websocket clients to the same document.
 * `expectRefused` checks the four places a refused write must not reach:
 * the attacker's socket is closed with the rule's code, the witness saw
 * nothing, the store holds nothing, and a fresh client after a restart gets
 * the document as it was; and the audit trail names the rule.
 */
export interface Scene {
  server: TestServer
  room: string
  attacker: TestClient
  witness: TestClient
  /** Every client and server to clean up. */
  cleanup(): Promise<void>
}

export async function scene(room: string, attackerEmail: string, witnessEmail: string): Promise<Scene> {
  const server = await startTestServer()
  const clients: TestClient[] = []
  const attacker = connectClient(server.wsUrl, room, await login(server.url, attackerEmail))
  const witness = connectClient(server.wsUrl, room, await login(server.url, witnessEmail))
  clients.push(attacker, witness)
  await Promise.all([attacker.synced, witness.synced])
  return {
    server,
    room,
    attacker,
    witness,
    async cleanup() {
      for (const client of clients) client.destroy()
      await server.dispose()
    },
  }
}

/** Sends raw update bytes on the stock client's own socket, as one hostile message. */
export function sendRawUpdate(client: TestClient, update: Uint8Array): void {
  const ws = client.provider.ws
  if (!ws) throw new Error('the client has no socket')
  ws.send(encodeSyncUpdate(update))
}

/** The document as the store alone rebuilds it (newest intact snapshot + the log after it). */
export async function storedDoc(server: TestServer, room: string): Promise<Y.Doc> {
  await server.concerto.rooms.get(room)?.flush()
  const stored: StoredDocument = await server.concerto.store.load(keyOf(room))
  const doc = new Y.Doc()
  const snapshot = stored.snapshots.find((row) => row.intact)
  if (snapshot) Y.applyUpdate(doc, snapshot.bytes)
  for (const row of stored.updates) if (row.intact && row.id > (snapshot?.uptoSeq ?? 0)) Y.applyUpdate(doc, row.bytes)
  return doc
}

export interface Refusal {
  code: number
  rule: string
  /** What must not change, read from a document (JSON-comparable). */
  read: (doc: Y.Doc) => unknown
  /** The value before the attack (read from the witness). */
  before: unknown
  /** Restart the server and read from a fresh client (slow: once per file is enough for the rest). */
  restart?: boolean
  witnessEmail?: string
}

export async function expectRefused(stage: Scene, { code, rule, read, before, restart = true, witnessEmail }: Refusal): Promise<void> {
  const { server, room, attacker, witness } = stage
  await eventually(() => expect(attacker.closeCodes).toContain(code))
  // Give a broadcast, had there been one, time to arrive.
  await sleep(150)
  expect(read(witness.doc)).toEqual(before)
  // The witness is never closed for someone else's write (a closing may change its mode: 4509).
  expect(witness.closeCodes.filter((closeCode) => closeCode !== CloseCode.accessChanged)).toEqual([])
  const stored = await storedDoc(server, room)
  expect(read(stored)).toEqual(before)
  stored.destroy()
  const situationId = room.split('/')[0]!
  // The refusal's audit row is appended without holding up the close (docs/decisions/018): read once it has landed.
  const refusals = await eventually(async () => {
    const found = (await server.concerto.audit.forSituation(situationId)).filter((event) => event.action === 'sync.refused')
    expect(found.map((event) => event.detail.rule)).toContain(rule)
    return found
  })
  // The audit holds the rule and the code, never document text.
  for (const event of refusals) expect(Object.keys(event.detail).sort()).toEqual(['code', 'mode', 'rule'])
  if (!restart) return
  attacker.destroy()
  witness.destroy()
  await server.stop()
  const again = await startTestServer({ dataDir: server.dataDir })
  try {
    const fresh = connectClient(again.wsUrl, room, await login(again.url, witnessEmail ?? 'coordination@demo.test'))
    await fresh.synced
    expect(read(fresh.doc)).toEqual(before)
    fresh.destroy()
  } finally {
    await again.stop()
  }
}

/** An accepted write: the witness sees it, the store holds it. */
export async function expectAccepted(stage: Scene, read: (doc: Y.Doc) => unknown, expected: unknown): Promise<void> {
  await eventually(() => expect(read(stage.witness.doc)).toEqual(expected))
  expect(stage.attacker.closeCodes).toEqual([])
  const stored = await storedDoc(stage.server, stage.room)
  expect(read(stored)).toEqual(expected)
  stored.destroy()
}

export const randomClientId = (): number => 1 + Math.floor(Math.random() * 0x3fffffff)
