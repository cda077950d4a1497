import { Hono } from 'hono'
import { z } from 'zod'
import { consentState, recordConsent, type ConsentDeps } from '../domain/consent-records.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { authorizeSituation } from './situation-access.ts'

const consentBody = z.object({
  status: z.enum(['agreed', 'objected']),
  /** How the person was informed and gave it: the coordinator records it when it was not given in the app. */
  how: z.enum(['inApp', 'oral', 'written', 'meeting']).optional(),
  informed: z.boolean().optional(),
  givenAt: z.string().datetime({ offset: true }).optional(),
  /** When the coordinator records it: the member (person or legal representative) who gave it. */
  givenByMemberId: z.string().min(1).max(64).optional(),
  comment: z.string().max(2000).optional(),
})

/**
 * The consent record to sharing: the person or their legal representative
 * agrees or objects; the coordinator records how and when. An objection
 * removes the read right of everyone outside the care team until lifted.
 */
export function consentRoutes(deps: ConsentDeps) {
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .get('/situations/:id/consent', (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'readConsent')
      return c.json(consentState(deps, situation.id))
    })
    .post('/situations/:id/consent', async (c) => {
      const { situation, member } = authorizeSituation(c, deps.access, c.req.param('id'), 'recordConsent')
      const body = await readJson(c, consentBody)
      const row = await recordConsent(deps, { situation, member: member!, userId: c.get('user')!.id, body, address: remoteAddress(c) })
      return c.json(row, 201)
    })
}
