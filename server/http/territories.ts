import { Hono } from 'hono'
import { z } from 'zod'
import { PLAN_KINDS } from '../../shared/domain/roles.ts'
import { DEPARTEMENT_PATTERN, type DashboardFilters } from '../../shared/domain/territory.ts'
import { isCalendarDate, todayInParis } from '../../shared/domain/dates.ts'
import { assertPilotOf } from '../auth/pilot.ts'
import type { TerritoryDashboardDeps } from '../domain/territory-dashboard.ts'
import { pilotedDepartements, readTerritoryDashboard } from '../domain/territory-reading.ts'
import type { PilotRightRows } from '../domain/stores.ts'
import type { AuditRows } from '../domain/stores.ts'
import type { AppEnv } from './context.ts'
import { HttpError } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'

const calendarDate = z.string().refine(isCalendarDate, 'expected a calendar date YYYY-MM-DD')

const filtersSchema = z.object({
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  kind: z.enum(PLAN_KINDS).optional(),
  level: z.coerce.number().int().min(1).max(4).optional(),
})

/** Twelve months back from `to`, from the first of that month. */
const defaultFrom = (to: string): string => {
  const year = Number(to.slice(0, 4))
  const month = Number(to.slice(5, 7))
  return month === 12 ? `${year}-01-01` : `${year - 1}-${String(month + 1).padStart(2, '0')}-01`
}

/**
 * The territory's view: `GET /api/me/territories` (the départements the
 * caller pilots, for the header link) and `GET /api/territories/:code/dashboard`
 * (aggregates only; 403 without the pilot right on that département). Each
 * dashboard read is audited.
 */
export function territoryRoutes(deps: TerritoryDashboardDeps & { pilots: PilotRightRows; audit: AuditRows }) {
  return new Hono<AppEnv>()
    .get('/me/territories', requireUser, async (c) => {
      const pilotOf = await pilotedDepartements(deps, c.get('user')!.id)
      // A pilot's next request is likely the dashboard: read the communes list (once per process) ahead of it.
      if (pilotOf.length > 0) {
        deps.communes().catch((error: unknown) => c.get('log').error('communes list could not be loaded', { error: (error as Error).message }))
      }
      return c.json({ pilotOf })
    })
    .get('/territories/:code/dashboard', requireUser, async (c) => {
      const user = c.get('user')!
      const departement = c.req.param('code').toUpperCase()
      if (!DEPARTEMENT_PATTERN.test(departement)) throw new HttpError(400, 'invalid territory code: a département such as 37', { field: 'code' })
      await assertPilotOf(deps.pilots, user.id, departement)
      const query = filtersSchema.parse(c.req.query())
      const today = todayInParis()
      const to = query.to ?? today
      const from = query.from ?? defaultFrom(to)
      if (from > to) throw new HttpError(400, 'invalid or missing field: from (after to)', { field: 'from' })
      const filters: DashboardFilters = { from, to, kind: query.kind ?? null, level: query.level ?? null }
      const dashboard = await readTerritoryDashboard(deps, departement, filters, today, { userId: user.id, address: remoteAddress(c) })
      c.header('Cache-Control', 'no-store')
      return c.json(dashboard)
    })
}
