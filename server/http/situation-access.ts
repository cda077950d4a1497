import type { Context } from 'hono'
import type { AccessService } from '../auth/access.ts'
import { can, canReadPlanViews, type PolicyContext, type SituationAction } from '../auth/policy.ts'
import type { AppEnv } from './context.ts'
import { forbidden, notFound, unauthenticated } from './errors.ts'

/**
 * The caller's policy context for a situation. An unknown id and a situation
 * the caller may not see give the same 404, so ids reveal nothing.
 */
export async function situationContext(c: Context<AppEnv>, access: AccessService, situationId: string): Promise<PolicyContext> {
  const user = c.get('user')
  if (!user) throw unauthenticated()
  const context = await access.context(situationId, user.id)
  if (!context || !context.member || !can(context, 'view')) throw notFound()
  return context
}

/** Like situationContext, then 403 unless the policy allows the action. */
export async function authorizeSituation(c: Context<AppEnv>, access: AccessService, situationId: string, action: SituationAction): Promise<PolicyContext> {
  const context = await situationContext(c, access, situationId)
  if (!can(context, action)) throw forbidden()
  return context
}

/**
 * For views derived from the plan (timeline, meetings, versions, compare,
 * PDFs, commitments): a member who may not read the plan live (a relative
 * the person hid it from, anyone cut off by an objection) gets the same 404
 * as a stranger, so these views reveal nothing the plan itself would not.
 */
export async function planViewContext(c: Context<AppEnv>, access: AccessService, situationId: string): Promise<PolicyContext> {
  const context = await situationContext(c, access, situationId)
  if (!canReadPlanViews(context)) throw notFound()
  return context
}
