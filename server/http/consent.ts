import { Hono } from 'hono'
import { z } from 'zod'
import { nanoid } from 'nanoid'
import type { AccessService } from '../auth/access.ts'
import type { ConsentRows } from '../domain/stores.ts'
import type { AuditRows } from '../domain/stores.ts'
import type { LiveDocuments } from '../domain/live-documents.ts'
import { revalidateSituation } from '../domain/revocation.ts'
import { assertSituationOpen } from '../domain/open-situation.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { HttpError } from './errors.ts'
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
export function consentRoutes(deps: { access: AccessService; consent: ConsentRows; audit: AuditRows; rooms: LiveDocuments; situations: import('../domain/stores.ts').SituationRows }) {
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .get('/situations/:id/consent', (c) => {
      const { situation } = authorizeSituation(c, deps.access, c.req.param('id'), 'readConsent')
      const history = deps.consent.history(situation.id)
      return c.json({ current: history[0] ?? null, objection: history[0]?.status === 'objected', history })
    })
    .post('/situations/:id/consent', async (c) => {
      const { situation, member } = authorizeSituation(c, deps.access, c.req.param('id'), 'recordConsent')
      const body = await readJson(c, consentBody)
      // A closed situation takes no new record, except an objection: restricting
      // the sharing of one's own data is never refused (it only narrows reads).
      if (body.status !== 'objected') assertSituationOpen(situation)
      let givenBy = member!
      if (member!.role === 'coordinator') {
        if (!body.givenByMemberId) throw new HttpError(400, 'invalid or missing field: givenByMemberId', { field: 'givenByMemberId' })
        const giver = deps.situations.memberById(situation.id, body.givenByMemberId)
        if (!giver || (giver.role !== 'person' && giver.role !== 'legalRepresentative')) {
          throw new HttpError(400, 'consent is given by the person or their legal representative', { field: 'givenByMemberId' })
        }
        givenBy = giver
      }
      const now = new Date().toISOString()
      const row = {
        id: nanoid(12),
        situationId: situation.id,
        status: body.status,
        informed: body.informed ?? true,
        how: member!.role === 'coordinator' ? (body.how ?? 'oral') : 'inApp',
        givenByMember: givenBy.id,
        recordedBy: c.get('user')!.id,
        givenAt: body.givenAt ?? now,
        recordedAt: now,
        comment: body.comment ?? '',
      }
      deps.consent.insert(row)
      deps.audit.append({ situationId: situation.id, userId: c.get('user')!.id, action: `consent.${body.status}`, target: givenBy.id, detail: { how: row.how }, address: remoteAddress(c) })
      revalidateSituation(deps, situation.id)
      return c.json(row, 201)
    })
}
