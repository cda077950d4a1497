import { Hono } from 'hono'
import { z } from 'zod'
import type { CommuneIndex } from '../domain/territory-communes.ts'
import type { AppEnv } from './context.ts'
import { requireUser } from './session.ts'
import type { Commune } from '../../shared/api/communes.ts'

const querySchema = z.object({ q: z.string().trim().min(1).max(80) })

/**
 * `GET /api/communes?q=` — up to 20 current communes by name prefix
 * (accents and case ignored) or postcode, for the territory picker: the
 * official list stays on the server.
 */
export function communeRoutes(deps: { communes: () => Promise<CommuneIndex> }) {
  return new Hono<AppEnv>().get('/communes', requireUser, async (c) => {
    const { q } = querySchema.parse(c.req.query())
    const index = await deps.communes()
    c.header('Cache-Control', 'private, max-age=3600')
    return c.json(index.search(q, 20) satisfies Commune[])
  })
}
