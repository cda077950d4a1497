import { compareFollowUp } from '../domain/follow-up-minutes.ts'
import { Hono } from 'hono'
import { z } from 'zod'
import { nanoid } from 'nanoid'
import { accessToPart } from '../auth/policy.ts'
import type { AccessService } from '../auth/access.ts'
import { planState, readVersionParts, saveVersion, type VersionDeps } from '../domain/versions.ts'
import { comparePlans, docFromState } from '../domain/compare.ts'
import { restorePlanContent } from '../domain/restore.ts'
import { versionPlanModel } from '../domain/exports.ts'
import { renderPlanPdf } from '../export/pdf/plan-pdf.ts'
import { refreshDisplayCopies } from '../domain/display-copies.ts'
import { documentName } from '../../shared/schema/roots.ts'
import type { RecordRows } from '../storage/records.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { UserRows } from '../storage/users.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { MeetingRows } from '../storage/meetings.ts'
import { can, canReadPersonViews } from '../auth/policy.ts'
import { assertSituationOpen } from '../domain/open-situation.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { forbidden, notFound } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { authorizeSituation, planViewContext, situationContext } from './situation-access.ts'

const createBody = z.object({
  label: z.string().trim().min(1).max(200),
  meetingId: z.string().min(1).max(64).nullable().optional(),
})
const agreementBody = z.object({ status: z.enum(['agreed', 'notAgreed', 'pending']), comment: z.string().max(2000).optional() })

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')

export interface VersionRouteDeps extends VersionDeps {
  access: AccessService
  records: RecordRows
  situations: SituationRows
  users: UserRows
  audit: AuditRows
  meetings: Pick<MeetingRows, 'byId'>
}

/** Named versions: save all parts at once, list, read, compare, restore, and the person's agreement. */
export function versionRoutes(deps: VersionRouteDeps) {
  const { access, versions } = deps
  const agreementView = (situationId: string) => {
    const agreements = deps.records.agreements(situationId)
    return (versionId: string) => {
      const row = agreements.get(versionId)
      return row ? { status: row.status, comment: row.comment, by: row.userId, byName: deps.users.byId(row.userId)?.name ?? '', at: row.at } : null
    }
  }
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .post('/situations/:id/versions', async (c) => {
      const context = situationContext(c, access, c.req.param('id'))
      const { situation } = context
      const user = c.get('user')!
      // Only the coordinator, or the convener of a meeting of this situation naming that meeting, validates;
      // anyone else gets 403 whatever the body (a bad body tells them nothing more).
      const coordinates = can(context, 'validateVersion')
      const body = coordinates ? await readJson(c, createBody) : await readJson(c, createBody).catch(() => null)
      const convened = body?.meetingId ? deps.meetings.byId(situation.id, body.meetingId)?.convenerUserId === user.id : false
      if (!body || (!coordinates && !convened)) throw forbidden('only the coordinator or the meeting’s convener validates')
      assertSituationOpen(situation)
      const row = await saveVersion(deps, situation.id, body, user.id)
      deps.audit.append({ situationId: situation.id, userId: user.id, action: 'version.validate', target: row.id, address: remoteAddress(c) })
      return c.json({ id: row.id, label: row.label, createdAt: row.createdAt, createdBy: row.createdBy, meetingId: row.meetingId, agreement: null }, 201)
    })
    .get('/situations/:id/versions', (c) => {
      const { situation } = planViewContext(c, access, c.req.param('id'))
      const agreement = agreementView(situation.id)
      return c.json(
        versions.list(situation.id).map((row) => ({
          id: row.id,
          label: row.label,
          createdAt: row.createdAt,
          createdBy: row.createdBy,
          meetingId: row.meetingId,
          agreement: agreement(row.id),
        })),
      )
    })
    .get('/situations/:id/versions/:a/compare/:b', async (c) => {
      const context = planViewContext(c, access, c.req.param('id'))
      const { situation } = context
      const [a, b] = await Promise.all([planState(deps, situation.id, c.req.param('a')), planState(deps, situation.id, c.req.param('b'))])
      if (!a || !b) throw notFound()
      const before = docFromState(a)
      const after = docFromState(b)
      try {
        // The goals' co-evaluation at each end, circle and person side by side (issue 18).
        const followUp = compareFollowUp(deps, situation.id, { a: c.req.param('a'), b: c.req.param('b') }, { before, after }, canReadPersonViews(context))
        return c.json({ from: c.req.param('a'), to: c.req.param('b'), ...comparePlans(before, after), ...followUp })
      } finally {
        before.destroy()
        after.destroy()
      }
    })
    .post('/situations/:id/versions/:versionId/restore', async (c) => {
      const { situation } = authorizeSituation(c, access, c.req.param('id'), 'validateVersion')
      const version = versions.byId(situation.id, c.req.param('versionId'))
      if (!version) throw notFound()
      assertSituationOpen(situation)
      const old = versions.parts(version.id).plan
      if (!old) throw notFound()
      const user = c.get('user')!
      const oldDoc = docFromState(old)
      try {
        await deps.rooms.change(documentName(situation.id, 'plan'), `restore ${version.id}`, (doc) => restorePlanContent(doc, oldDoc, { userId: user.id }))
      } finally {
        oldDoc.destroy()
      }
      await refreshDisplayCopies(deps, situation.id)
      const row = await saveVersion(deps, situation.id, { label: `Restauration de « ${version.label} »` }, user.id)
      deps.audit.append({ situationId: situation.id, userId: user.id, action: 'version.restore', target: version.id, detail: { newVersion: row.id }, address: remoteAddress(c) })
      return c.json({ id: row.id, label: row.label, createdAt: row.createdAt, createdBy: row.createdBy, meetingId: row.meetingId, restoredFrom: version.id }, 201)
    })
    .post('/situations/:id/versions/:versionId/agreement', async (c) => {
      const { situation, member } = authorizeSituation(c, access, c.req.param('id'), 'readVersions')
      // Agreement is the person's, or their legal representative's on their behalf: nobody else's.
      if (member!.role !== 'person' && member!.role !== 'legalRepresentative') throw forbidden('only the person or their legal representative can agree')
      const version = versions.byId(situation.id, c.req.param('versionId'))
      if (!version) throw notFound()
      assertSituationOpen(situation)
      const body = await readJson(c, agreementBody)
      const user = c.get('user')!
      const row = { id: nanoid(12), situationId: situation.id, versionId: version.id, status: body.status, comment: body.comment ?? '', userId: user.id, memberId: member!.id, at: new Date().toISOString() }
      deps.records.insertAgreement(row)
      deps.audit.append({ situationId: situation.id, userId: user.id, action: `agreement.${body.status}`, target: version.id, address: remoteAddress(c) })
      return c.json({ versionId: version.id, status: row.status, comment: row.comment, by: user.id, byName: user.name, at: row.at }, 201)
    })
    .get('/situations/:id/versions/:versionId/pdf', async (c) => {
      const context = planViewContext(c, access, c.req.param('id'))
      const model = versionPlanModel(deps, context.situation.id, c.req.param('versionId'), canReadPersonViews(context))
      if (!model) throw notFound()
      const pdf = await renderPlanPdf(model)
      deps.audit.append({ situationId: context.situation.id, userId: c.get('user')!.id, action: 'export.pdf', target: c.req.param('versionId'), address: remoteAddress(c) })
      c.header('Content-Type', 'application/pdf')
      c.header('Content-Disposition', `inline; filename="plan-${context.situation.id}-${c.req.param('versionId')}.pdf"`)
      return c.body(new Uint8Array(pdf))
    })
    .get('/situations/:id/versions/:versionId', (c) => {
      const context = planViewContext(c, access, c.req.param('id'))
      const row = versions.byId(context.situation.id, c.req.param('versionId'))
      if (!row) throw notFound()
      const parts = readVersionParts(deps, row.id, (part) => accessToPart(context, part) !== 'none')
      return c.json({
        id: row.id,
        label: row.label,
        createdAt: row.createdAt,
        createdBy: row.createdBy,
        meetingId: row.meetingId,
        agreement: agreementView(context.situation.id)(row.id),
        encoding: 'yjs-update-v1-base64',
        parts: Object.fromEntries(Object.entries(parts).map(([part, bytes]) => [part, toBase64(bytes)])),
      })
    })
}
