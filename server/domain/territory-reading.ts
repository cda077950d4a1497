import type { DashboardFilters, TerritoryDashboard } from '../../shared/domain/territory.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { PilotRightRows } from '../storage/territory-pilots.ts'
import { buildTerritoryDashboard, type TerritoryDashboardDeps } from './territory-dashboard.ts'

/** The départements this user pilots (the header's "Territoire" link); empty for everyone else. */
export const pilotedDepartements = (deps: { pilots: Pick<PilotRightRows, 'departementsOf'> }, userId: string): Promise<string[]> =>
  deps.pilots.departementsOf(userId)

/**
 * A pilot reads one département's dashboard (the pilot right is checked by
 * the caller, server/auth/pilot.ts): aggregates only, and the reading in the
 * audit trail with its filters (no situation, no person).
 */
export async function readTerritoryDashboard(
  deps: TerritoryDashboardDeps & { audit: Pick<AuditRows, 'append'> },
  departement: string,
  filters: DashboardFilters,
  today: string,
  actor: { userId: string; address: string },
): Promise<TerritoryDashboard> {
  const dashboard = await buildTerritoryDashboard(deps, departement, filters, today)
  await deps.audit.append({ situationId: null, userId: actor.userId, action: 'territory.dashboard', target: departement, detail: { ...filters }, address: actor.address })
  return dashboard
}
