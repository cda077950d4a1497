import type { MiddlewareHandler } from 'hono'
import type { AuditEvent } from '../domain/stores.ts'
import { remoteAddress } from './remote-address.ts'

/**
 * A request carrying an Origin (every browser sends one on POST and on the
 * WebSocket upgrade) must come from this server or PUBLIC_ORIGIN: this stops
 * cross-site request forgery and cross-site WebSocket hijacking. A request
 * without Origin (a non-browser client) is allowed.
 *
 * A refusal is audited (`sync.refused` for the sync upgrade, `http.refused`
 * otherwise) with its rule and the address; no session is read yet, and
 * nothing from the request (not even the foreign origin, any text a page
 * chooses) goes into the trail.
 */
export const originCheck = ({ publicOrigin, refused }: { publicOrigin: string | null; refused?: (event: AuditEvent) => void }): MiddlewareHandler =>
  async function originCheck(c, next) {
    const origin = c.req.header('origin')
    if (origin === undefined) return next()
    const own = new URL(c.req.url).origin
    if (origin === own || (publicOrigin !== null && origin === publicOrigin)) return next()
    const sync = c.req.path.startsWith('/sync/')
    try {
      refused?.({
        situationId: null,
        userId: null,
        action: sync ? 'sync.refused' : 'http.refused',
        target: null,
        detail: { rule: 'origin-mismatch', status: 403, method: c.req.method },
        address: remoteAddress(c),
      })
    } catch {
      // The refusal stands even if the trail is unavailable (the request log still has it).
    }
    return c.json({ error: 'cross-origin request refused' }, 403)
  }
