import type { Access } from '../../shared/schema/parts.ts'
import type { Part } from '../../shared/schema/roots.ts'
import { SITUATION_ID_PATTERN } from '../../shared/domain/roles.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { ConsentRows } from '../storage/consent.ts'
import { accessToPart, type PolicyContext } from './policy.ts'

/**
 * Loads the facts the policy decides on (situation, membership, consent)
 * for a user, from storage. The decisions themselves stay in policy.ts.
 */
export function createAccess({ situations, consent }: { situations: SituationRows; consent: ConsentRows }) {
  const context = async (situationId: string, userId: string): Promise<PolicyContext | null> => {
    if (!SITUATION_ID_PATTERN.test(situationId)) return null
    // Read together: on PostgreSQL each is a round trip, and every request about a situation asks.
    const [situation, member, sharingObjection] = await Promise.all([
      situations.situationById(situationId),
      situations.memberOfUser(situationId, userId),
      consent.hasObjection(situationId),
    ])
    if (!situation) return null
    return { situation, member, sharingObjection }
  }
  return {
    context,
    async partAccess(situationId: string, userId: string, part: Part): Promise<Access> {
      const found = await context(situationId, userId)
      return found ? accessToPart(found, part) : 'none'
    },
  }
}
export type AccessService = ReturnType<typeof createAccess>
