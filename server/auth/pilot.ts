import { DomainError } from '../domain/errors.ts'
import type { PilotRightRows } from '../storage/territory-pilots.ts'

/**
 * The account-level `pilot` right (DESIGN.md 5b "Territory"): held on whole
 * départements, never on a situation or a name. It opens aggregates only;
 * it gives no membership and no read right on any document.
 */
export async function canPilot(rights: PilotRightRows, userId: string, departement: string): Promise<boolean> {
  return rights.has(userId, departement)
}

/** Refuses with 403 anyone without the right on that département (a coordinator included). */
export async function assertPilotOf(rights: PilotRightRows, userId: string, departement: string): Promise<void> {
  if (!(await canPilot(rights, userId, departement))) throw new DomainError(403, 'the pilot right on this territory is required')
}
