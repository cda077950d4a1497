import type { Context } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'

/** The peer address of the TCP connection (no proxy headers are trusted). */
export function remoteAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
