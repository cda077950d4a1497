import type { Context, MiddlewareHandler } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'

/**
 * The client's address. By default the peer address of the TCP connection:
 * no header is trusted, since any client can write one. With TRUST_PROXY=1
 * (and only then) the server sits behind one reverse proxy that appends the
 * client's address to X-Forwarded-For: the last entry is the one that proxy
 * wrote; earlier entries came from the client and are ignored.
 */
export function remoteAddress(c: Context): string {
  const fromProxy = c.get('clientAddress') as string | undefined
  if (fromProxy) return fromProxy
  return peerAddress(c)
}

function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** With TRUST_PROXY=1: reads X-Forwarded-For once per request for remoteAddress(). */
export const trustProxy = (): MiddlewareHandler =>
  async function trustProxy(c, next) {
    const forwarded = c.req.header('x-forwarded-for')
    const last = forwarded?.split(',').map((entry) => entry.trim()).filter(Boolean).at(-1)
    if (last && last.length <= 64) c.set('clientAddress' as never, last as never)
    await next()
  }
