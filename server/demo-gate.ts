import type { Config } from './config.ts'

/**
 * Demo only where it belongs (issue 14): the demo accounts' password is in
 * the README, so an empty database is seeded only for a local trial (no
 * PUBLIC_ORIGIN) or on an explicit DEMO=1; and a public server that holds
 * demo accounts says so at every start.
 */
export interface DemoCounts {
  situations: number
  users: number
  demoAccounts: number
}

export function demoAtStart(config: Pick<Config, 'demo' | 'publicOrigin'>, counts: DemoCounts): { seed: boolean; warn: boolean } {
  const seed = config.demo && counts.situations === 0 && counts.users === 0
  const warn = config.publicOrigin !== null && (seed || counts.demoAccounts > 0)
  return { seed, warn }
}

export const DEMO_WARNING =
  'ATTENTION : ce serveur public contient les comptes de démonstration, dont le mot de passe est publié. Désactivez-les (POST /api/users/:id/deactivate) ou repartez d’une base vide sans DEMO=1.'
