import type { MiddlewareHandler } from 'hono'

/**
 * A request carrying an Origin (every browser sends one on POST and on the
 * WebSocket upgrade) must come from this server or PUBLIC_ORIGIN: this stops
 * cross-site request forgery and cross-site WebSocket hijacking. A request
 * without Origin (a non-browser client) is allowed.
 */
export const originCheck = ({ publicOrigin }: { publicOrigin: string | null }): MiddlewareHandler =>
  async function originCheck(c, next) {
    const origin = c.req.header('origin')
    if (origin === undefined) return next()
    const own = new URL(c.req.url).origin
    if (origin === own || (publicOrigin !== null && origin === publicOrigin)) return next()
    return c.json({ error: 'cross-origin request refused' }, 403)
  }
