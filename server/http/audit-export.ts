import { Hono } from 'hono'
import type { AccessService } from '../auth/access.ts'
import type { AuditFilter } from '../domain/access-log-filter.ts'
import { exportAuditTrail, readAuditTrail, type AuditTrailDeps } from '../domain/audit-trail.ts'
import type { AppEnv } from './context.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { authorizeSituation } from './situation-access.ts'
import type { AuditEntry } from '../../shared/api/audit.ts'

const filterOf = (query: (name: string) => string | undefined): AuditFilter => ({
  userId: query('member') || undefined,
  part: query('part') || undefined,
  kind: query('kind') || undefined,
})

/**
 * The audit page's data: the trail filtered by member (`member`, a user id),
 * `part` and `kind`, as JSON or CSV. Same right as the raw trail (readAudit).
 */
export function auditExportRoutes(deps: AuditTrailDeps & { access: AccessService }) {
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .get('/situations/:id/audit-trail', async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'readAudit')
      return c.json((await readAuditTrail(deps, situation.id, filterOf((name) => c.req.query(name)))) satisfies AuditEntry[])
    })
    .get('/situations/:id/audit-trail.csv', async (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'readAudit')
      const csv = await exportAuditTrail(deps, { situationId: situation.id, userId: c.get('user')!.id, filter: filterOf((name) => c.req.query(name)), address: remoteAddress(c) })
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="journal-${situation.id}.csv"`,
        'Cache-Control': 'no-store',
      })
    })
}
