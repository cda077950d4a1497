import { Hono } from 'hono'
import { listServices, type IntakeDeps } from '../domain/intake.ts'
import type { AppEnv } from './context.ts'
import { requireUser } from './session.ts'

/** `GET /api/services`: the services a request may be addressed to (id, name, kind), for the request form. */
export function serviceRoutes(deps: Pick<IntakeDeps, 'services'>) {
  return new Hono<AppEnv>().get('/services', requireUser, async (c) => c.json(await listServices(deps)))
}
