import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * The y-websocket wire format, decoded at the edge by pure functions: a
 * frame becomes a tagged value and nothing here applies, sends or stores.
 *
 * Message layout (y-websocket / y-protocols):
 *   varUint messageType; 0 = sync, 1 = awareness, 2 = auth, 3 = query awareness
 *   sync:      varUint syncType (0 step 1, 1 step 2, 2 update) + varUint8Array payload
 *   awareness: varUint8Array awareness update
 */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const
export const SyncType = { step1: 0, step2: 1, update: 2 } as const

export type Frame =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-step2'; update: Uint8Array }
  | { kind: 'sync-update'; update: Uint8Array }
  | { kind: 'awareness'; entries: AwarenessEntry[] }
  | { kind: 'query-awareness' }

export interface FrameError {
  kind: 'error'
  reason: string
}

/** One client's state inside an awareness update; `state` null means "gone". */
export interface AwarenessEntry {
  clientId: number
  clock: number
  state: Record<string, unknown> | null
}

const fail = (reason: string): FrameError => ({ kind: 'error', reason })

/**
 * Decodes one binary frame. Trailing bytes, unknown types and truncated
 * varints are errors: a stock client never sends them.
 * @example decodeFrame(encodeSyncStep1(Y.encodeStateVector(doc))) // { kind: 'sync-step1', ... }
 */
export function decodeFrame(bytes: Uint8Array): Frame | FrameError {
  try {
    const decoder = decoding.createDecoder(bytes)
    const type = decoding.readVarUint(decoder)
    let frame: Frame | FrameError
    switch (type) {
      case MessageType.sync: {
        const syncType = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (syncType === SyncType.step1) {
          if (!isStateVector(payload)) return fail('malformed state vector')
          frame = { kind: 'sync-step1', stateVector: payload }
        } else if (syncType === SyncType.step2) frame = { kind: 'sync-step2', update: payload }
        else if (syncType === SyncType.update) frame = { kind: 'sync-update', update: payload }
        else return fail(`unknown sync message type ${syncType}`)
        break
      }
      case MessageType.awareness: {
        const entries = decodeAwarenessEntries(decoding.readVarUint8Array(decoder))
        if (!Array.isArray(entries)) return entries
        frame = { kind: 'awareness', entries }
        break
      }
      case MessageType.queryAwareness:
        frame = { kind: 'query-awareness' }
        break
      default:
        return fail(`unsupported message type ${type}`)
    }
    if (decoding.hasContent(decoder)) return fail('trailing bytes after message')
    return frame
  } catch (error) {
    return fail(`undecodable frame: ${(error as Error).message}`)
  }
}

/** A state vector is a count followed by (client, clock) varUint pairs, and nothing else. */
function isStateVector(payload: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(payload)
    const count = decoding.readVarUint(decoder)
    for (let i = 0; i < count; i++) {
      decoding.readVarUint(decoder)
      decoding.readVarUint(decoder)
    }
    return !decoding.hasContent(decoder)
  } catch {
    return false
  }
}

export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] | FrameError {
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    const entries: AwarenessEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const parsed: unknown = JSON.parse(decoding.readVarString(decoder))
      if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) return fail('awareness state is not an object')
      entries.push({ clientId, clock, state: parsed as Record<string, unknown> | null })
    }
    if (decoding.hasContent(decoder)) return fail('trailing bytes after awareness update')
    return entries
  } catch (error) {
    return fail(`undecodable awareness update: ${(error as Error).message}`)
  }
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, JSON.stringify(entry.state))
  }
  return encoding.toUint8Array(encoder)
}

const encodeSync = (syncType: number, payload: Uint8Array): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => encodeSync(SyncType.step1, stateVector)
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => encodeSync(SyncType.step2, update)
export const encodeSyncUpdate = (update: Uint8Array): Uint8Array => encodeSync(SyncType.update, update)

/** An awareness message carrying an already encoded awareness update. */
export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.awareness)
  encoding.writeVarUint8Array(encoder, awarenessUpdate)
  return encoding.toUint8Array(encoder)
}

export const encodeQueryAwareness = (): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.queryAwareness)
  return encoding.toUint8Array(encoder)
}

/** An awareness message with no entries: harmless to every client, and it feeds their 30 s silence timer. */
export const EMPTY_AWARENESS_MESSAGE: Uint8Array = encodeAwarenessMessage(encodeAwarenessEntries([]))
