import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'

/**
 * The few frames the load generator writes and reads by hand: the y-websocket
 * sync messages (Concerto, the reference server, the relay) and Hocuspocus's
 * variant, which prefixes every frame with the document name.
 */
export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2
const HOCUSPOCUS_AUTH = 2
const HOCUSPOCUS_TOKEN = 0

/** An empty v1 update: no structs, empty delete set. */
export const EMPTY_UPDATE = new Uint8Array([0, 0])
/** An empty state vector: "send me everything". */
export const EMPTY_STATE_VECTOR = new Uint8Array([0])

const frame = (documentName: string | null, write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder()
  if (documentName !== null) encoding.writeVarString(encoder, documentName)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

export const encodeSync = (documentName: string | null, step: number, payload: Uint8Array): Uint8Array =>
  frame(documentName, (encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    encoding.writeVarUint(encoder, step)
    encoding.writeVarUint8Array(encoder, payload)
  })

/** Hocuspocus waits for this before it handles anything else of that document. */
export const encodeHocuspocusAuth = (documentName: string, token = ''): Uint8Array =>
  frame(documentName, (encoder) => {
    encoding.writeVarUint(encoder, HOCUSPOCUS_AUTH)
    encoding.writeVarUint(encoder, HOCUSPOCUS_TOKEN)
    encoding.writeVarString(encoder, token)
  })

export type ReadFrame =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'other' }

/** Reads the frame type (and the update, without copying) of a received message. */
export function readFrame(bytes: Uint8Array, withDocumentName: boolean): ReadFrame {
  const decoder = decoding.createDecoder(bytes)
  if (withDocumentName) decoding.readVarString(decoder)
  const type = decoding.readVarUint(decoder)
  if (type !== MESSAGE_SYNC) return { kind: 'other' }
  const step = decoding.readVarUint(decoder)
  if (step === SYNC_STEP1) return { kind: 'step1', stateVector: decoding.readVarUint8Array(decoder) }
  if (step === SYNC_STEP2) return { kind: 'step2', update: decoding.readVarUint8Array(decoder) }
  if (step === SYNC_UPDATE) return { kind: 'update', update: decoding.readVarUint8Array(decoder) }
  return { kind: 'other' }
}
