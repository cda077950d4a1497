import { compareFollowUp } from '../domain/follow-up-minutes.ts'
import { Hono } from 'hono'
import { z } from 'zod'
import { accessToPart } from '../auth/policy.ts'
import type { AccessService } from '../auth/access.ts'
import { planState, readVersionParts } from '../domain/versions.ts'
import { comparePlans, docFromState } from '../domain/compare.ts'
import { restoreVersion, type RestoreVersionDeps } from '../domain/restore-version.ts'
import { agreementsOf, recordAgreement, type AgreementDeps } from '../domain/agreements.ts'
import { versionPlanPdf, type ExportDeps } from '../domain/exports.ts'
import { validateVersion, type ValidateVersionDeps } from '../domain/validate-version.ts'
import { can, canReadPersonViews } from '../auth/policy.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { notFound } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { authorizeSituation, planViewContext, situationContext } from './situation-access.ts'
import type { VersionDetail, VersionSummary } from '../../shared/api/records.ts'

const createBody = z.object({
  label: z.string().trim().min(1).max(200),
  meetingId: z.string().min(1).max(64).nullable().optional(),
})
const agreementBody = z.object({ status: z.enum(['agreed', 'notAgreed', 'pending']), comment: z.string().max(2000).optional() })

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')

/** What the version routes need: the use cases' own dependencies, and the access service. */
export type VersionRouteDeps = ValidateVersionDeps &
  RestoreVersionDeps &
  AgreementDeps &
  ExportDeps & {
    access: AccessService
    audit: ValidateVersionDeps['audit'] & ExportDeps['audit']
  }

/** Named versions: save all parts at once, list, read, compare, restore, and the person's agreement. */
export function versionRoutes(deps: VersionRouteDeps) {
  const { access, versions } = deps
  const agreementView = (situationId: string) => agreementsOf(deps, situationId)
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .post('/situations/:id/versions', async (c) => {
      const context = await situationContext(c, access, c.req.param('id'))
      const row = await validateVersion(deps, {
        situation: context.situation,
        userId: c.get('user')!.id,
        coordinates: can(context, 'validateVersion'),
        readBody: () => readJson(c, createBody),
        address: remoteAddress(c),
      })
      return c.json({ id: row.id, label: row.label, createdAt: row.createdAt, createdBy: row.createdBy, meetingId: row.meetingId, agreement: null }, 201)
    })
    .get('/situations/:id/versions', async (c) => {
      const { situation } = await planViewContext(c, access, c.req.param('id'))
      const agreement = await agreementView(situation.id)
      return c.json(
        (await versions.list(situation.id)).map((row): VersionSummary => ({
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
      const context = await planViewContext(c, access, c.req.param('id'))
      const { situation } = context
      const [a, b] = await Promise.all([planState(deps, situation.id, c.req.param('a')), planState(deps, situation.id, c.req.param('b'))])
      if (!a || !b) throw notFound()
      const before = docFromState(a)
      const after = docFromState(b)
      try {
        // The goals' co-evaluation at each end, circle and person side by side (issue 18).
        const followUp = await compareFollowUp(deps, situation.id, { a: c.req.param('a'), b: c.req.param('b') }, { before, after }, canReadPersonViews(context))
        return c.json({ from: c.req.param('a'), to: c.req.param('b'), ...comparePlans(before, after), ...followUp })
      } finally {
        before.destroy()
        after.destroy()
      }
    })
    .post('/situations/:id/versions/:versionId/restore', async (c) => {
      const { situation } = await authorizeSituation(c, access, c.req.param('id'), 'validateVersion')
      const { row, restoredFrom } = await restoreVersion(deps, { situation, versionId: c.req.param('versionId'), userId: c.get('user')!.id, address: remoteAddress(c) })
      return c.json({ id: row.id, label: row.label, createdAt: row.createdAt, createdBy: row.createdBy, meetingId: row.meetingId, restoredFrom }, 201)
    })
    .post('/situations/:id/versions/:versionId/agreement', async (c) => {
      const { situation, member } = await authorizeSituation(c, access, c.req.param('id'), 'readVersions')
      const agreement = await recordAgreement(deps, {
        situation,
        member: member!,
        user: c.get('user')!,
        versionId: c.req.param('versionId'),
        readBody: () => readJson(c, agreementBody),
        address: remoteAddress(c),
      })
      return c.json(agreement, 201)
    })
    .get('/situations/:id/versions/:versionId/pdf', async (c) => {
      const context = await planViewContext(c, access, c.req.param('id'))
      const pdf = await versionPlanPdf(deps, {
        situationId: context.situation.id,
        versionId: c.req.param('versionId'),
        withPerson: canReadPersonViews(context),
        userId: c.get('user')!.id,
        address: remoteAddress(c),
      })
      if (!pdf) throw notFound()
      c.header('Content-Type', 'application/pdf')
      c.header('Content-Disposition', `inline; filename="plan-${context.situation.id}-${c.req.param('versionId')}.pdf"`)
      return c.body(pdf)
    })
    .get('/situations/:id/versions/:versionId', async (c) => {
      const context = await planViewContext(c, access, c.req.param('id'))
      const row = await versions.byId(context.situation.id, c.req.param('versionId'))
      if (!row) throw notFound()
      const parts = await readVersionParts(deps, row.id, (part) => accessToPart(context, part) !== 'none')
      return c.json({
        id: row.id,
        label: row.label,
        createdAt: row.createdAt,
        createdBy: row.createdBy,
        meetingId: row.meetingId,
        agreement: (await agreementView(context.situation.id))(row.id),
        encoding: 'yjs-update-v1-base64',
        parts: Object.fromEntries(Object.entries(parts).map(([part, bytes]) => [part, toBase64(bytes)])),
      } satisfies VersionDetail)
    })
}
