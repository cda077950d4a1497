import type { MiddlewareHandler } from 'hono'
import { randomUUID } from 'node:crypto'
import type { Logger } from '../log.ts'
import type { AppEnv } from './context.ts'

/** Invitation links carry their secret in the path: never log it. */
export const loggablePath = (path: string): string => path.replace(/\/(invitations?)\/[^/]+/, '/$1/[redacted]')

/** Gives every request an id and a child logger, and logs one line per request (path only, never the query or body). */
export const requestLog = (log: Logger): MiddlewareHandler<AppEnv> =>
  async function requestLog(c, next) {
    const requestId = randomUUID()
    const child = log.child({ requestId })
    c.set('requestId', requestId)
    c.set('log', child)
    c.header('X-Request-Id', requestId)
    const started = performance.now()
    await next()
    child.info('request', {
      method: c.req.method,
      path: loggablePath(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    })
  }
