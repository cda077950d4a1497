import type { Awareness } from 'y-protocols/awareness'

/**
 * What a collaborative editor needs of a live connection: the awareness its
 * carets and names travel on. A y-websocket provider is one; a read-only
 * version gives a bare awareness that is never connected.
 */
export interface CaretSource {
  readonly awareness: Awareness
}
