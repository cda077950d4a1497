import { Hono } from 'hono'
import type { AccessService } from '../auth/access.ts'
import type { AuditRows } from '../domain/stores.ts'
import type { SituationRows } from '../domain/stores.ts'
import type { UserRows } from '../domain/stores.ts'
import { auditCsv, auditTrail, type AuditFilter } from '../domain/access-log-filter.ts'
import type { AppEnv } from './context.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { authorizeSituation } from './situation-access.ts'

/**
 * The audit page's data: the trail filtered by member (`member`, a user id),
 * `part` and `kind`, as JSON or CSV. Same right as the raw trail (readAudit).
 */
export function auditExportRoutes(deps: { access: AccessService; audit: AuditRows; situations: SituationRows; users: UserRows }) {
  const filtered = (situationId: string, query: (name: string) => string | undefined) => {
    const filter: AuditFilter = { userId: query('member') || undefined, part: query('part') || undefined, kind: query('kind') || undefined }
    // Every member ever in the circle (a removed one's name still explains their past actions).
    return auditTrail(deps.audit.forSituation(situationId, 20_000), deps.situations.activeMembers(situationId), (userId) => deps.users.byId(userId)?.name ?? '', filter)
  }
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .get('/situations/:id/audit-trail', (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'readAudit')
      return c.json(filtered(situation.id, (name) => c.req.query(name)))
    })
    .get('/situations/:id/audit-trail.csv', (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'readAudit')
      const entries = filtered(situation.id, (name) => c.req.query(name))
      deps.audit.append({ situationId: situation.id, userId: c.get('user')!.id, action: 'audit.export', detail: { rows: entries.length }, address: remoteAddress(c) })
      return c.body(auditCsv(entries), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="journal-${situation.id}.csv"`,
        'Cache-Control': 'no-store',
      })
    })
}
