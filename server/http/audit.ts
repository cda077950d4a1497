import { Hono } from 'hono'
import type { AccessService } from '../auth/access.ts'
import type { AuditRows } from '../domain/stores.ts'
import { auditEventsOf } from '../domain/audit-trail.ts'
import type { AppEnv } from './context.ts'
import { requireUser } from './session.ts'
import { authorizeSituation } from './situation-access.ts'

/** The audit trail of a situation, for the coordinator, the person and the legal representative. */
export function auditRoutes(deps: { access: AccessService; audit: AuditRows }) {
  return new Hono<AppEnv>().use('/situations/*', requireUser).get('/situations/:id/audit', async (c) => {
    const { situation } = await authorizeSituation(c, deps.access, c.req.param('id'), 'readAudit')
    return c.json(await auditEventsOf(deps, situation.id))
  })
}
