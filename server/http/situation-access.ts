import type { Context } from 'hono'
import { SITUATION_ID_PATTERN } from '../../shared/domain/roles.ts'
import { can, type PolicyContext, type SituationAction } from '../auth/policy.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { AppEnv } from './context.ts'
import { forbidden, notFound, unauthenticated } from './errors.ts'

/**
 * The caller's policy context for a situation. An unknown id and a situation
 * the caller may not see give the same 404, so ids reveal nothing.
 */
export function situationContext(c: Context<AppEnv>, situations: SituationRows, situationId: string): PolicyContext {
  const user = c.get('user')
  if (!user) throw unauthenticated()
  if (!SITUATION_ID_PATTERN.test(situationId)) throw notFound()
  const situation = situations.situationById(situationId)
  const member = situation ? situations.memberOfUser(situationId, user.id) : undefined
  if (!situation || !member) throw notFound()
  const context: PolicyContext = { situation, member }
  if (!can(context, 'view')) throw notFound()
  return context
}

/** Like situationContext, then 403 unless the policy allows the action. */
export function authorizeSituation(
  c: Context<AppEnv>,
  situations: SituationRows,
  situationId: string,
  action: SituationAction,
): PolicyContext {
  const context = situationContext(c, situations, situationId)
  if (!can(context, action)) throw forbidden()
  return context
}
