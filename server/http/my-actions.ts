import { Hono } from 'hono'
import { myActions, type MyActionsDeps } from '../domain/my-actions.ts'
import type { AppEnv } from './context.ts'
import { requireUser } from './session.ts'

/** "Mes actions": the signed-in user's actions across their situations (domain/my-actions.ts). */
export function myActionsRoutes(deps: MyActionsDeps) {
  return new Hono<AppEnv>().get('/me/actions', requireUser, async (c) => c.json(await myActions(deps, c.get('user')!.id)))
}
