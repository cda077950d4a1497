import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ZodError } from 'zod'
import type { Logger } from '../log.ts'
import { DomainError } from '../domain/errors.ts'
import { SituationClosedError } from '../domain/open-situation.ts'
import type { AuditEvent } from '../domain/stores.ts'
import type { AppEnv } from './context.ts'
import { remoteAddress } from './remote-address.ts'

/** An HTTP error with its meaning: the single onError turns it into JSON. */
export class HttpError extends HTTPException {
  constructor(status: ContentfulStatusCode, readonly publicMessage: string, readonly details?: Record<string, unknown>) {
    super(status, { message: publicMessage })
  }
}

export const notFound = () => new HttpError(404, 'not found')
export const unauthenticated = () => new HttpError(401, 'authentication required')
export const forbidden = (message = 'forbidden') => new HttpError(403, message)

/**
 * Storage that cannot answer now, on either engine: SQLite full, read-only or
 * busy; PostgreSQL unreachable (a refused or dropped connection, a pool that
 * timed out waiting for one, the server shutting down: SQLSTATE class 08 and
 * 57P0x). The client is told to try again (503 + Retry-After), never 500.
 */
function storageUnavailable(code: string, message: string): boolean {
  if (/^SQLITE_(FULL|READONLY|BUSY|LOCKED|IOERR)/.test(code)) return true
  if (/^08|^57P0/.test(code) || /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE)$/.test(code)) return true
  return /timeout exceeded when trying to connect|Connection terminated/i.test(message)
}

/**
 * Validation failures name the field; internal errors say nothing of their
 * cause. A write refused because the situation is closed is recorded in the
 * audit trail (`http.refused` with its rule, never the request's content).
 */
export const onError = (log: Logger, refused?: (event: AuditEvent) => void) => (error: Error, c: Context<AppEnv>) => {
  if (error instanceof SituationClosedError && refused) {
    const event: AuditEvent = {
      situationId: error.situationId,
      userId: c.get('user')?.id ?? null,
      action: 'http.refused',
      target: null,
      detail: { rule: 'closed-situation-read-only', status: 409, method: c.req.method },
      address: remoteAddress(c),
    }
    try {
      refused(event)
    } catch (auditError) {
      log.error('AUDIT ROW NOT STORED; recorded here instead', { audit: event, error: (auditError as Error).message })
    }
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0]
    const field = issue?.path.join('.') || 'body'
    return c.json({ error: `invalid or missing field: ${field}`, field, issues: error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) }, 400)
  }
  if (error instanceof DomainError) return c.json({ error: error.message, ...error.details }, error.status)
  if (error instanceof HttpError) return c.json({ error: error.publicMessage, ...error.details }, error.status)
  if (error instanceof HTTPException) return c.json({ error: error.message || 'error' }, error.status)
  if (storageUnavailable((error as { code?: string }).code ?? '', error.message)) {
    log.error('storage unavailable', { path: c.req.path, code: (error as { code?: string }).code })
    c.header('Retry-After', '5')
    return c.json({ error: 'storage unavailable, try again shortly' }, 503)
  }
  log.error('unhandled request error', { path: c.req.path, method: c.req.method, error: error.message, stack: error.stack })
  return c.json({ error: 'internal error' }, 500)
}
