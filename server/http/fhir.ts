import { Hono } from 'hono'
import type { AccessService } from '../auth/access.ts'
import { canReadHealthDetail, canReadPersonViews } from '../auth/policy.ts'
import { downloadVersionBundle, type FhirExportDeps } from '../domain/fhir-export.ts'
import { importBundle, type FhirImportDeps } from '../domain/fhir-import.ts'
import type { AuditRows } from '../domain/stores.ts'
import type { AppEnv } from './context.ts'
import { HttpError, notFound } from './errors.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { planViewContext } from './situation-access.ts'

export interface FhirRouteDeps extends FhirExportDeps, FhirImportDeps {
  access: AccessService
  audit: AuditRows
  /** FINESS of the structure holding the plans, if the deployment has one (see docs/interoperability.md). */
  finess?: string
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8'

/** FHIR R4 in the ANS shapes: a validated version out as a transaction Bundle, and such a bundle in as a new situation. */
export function fhirRoutes(deps: FhirRouteDeps) {
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .post('/situations/import', async (c) => {
      const user = c.get('user')!
      let bundle: unknown
      try {
        bundle = JSON.parse(await c.req.text())
      } catch {
        throw new HttpError(400, 'malformed JSON body', { field: 'body' })
      }
      // Anyone logged in may open a situation (as POST /situations); the bundle is checked in full before anything is written.
      const created = await importBundle(deps, bundle, { userId: user.id, name: user.name, address: remoteAddress(c) })
      return c.json(created, 201)
    })
    .get('/situations/:id/versions/:versionId/fhir', async (c) => {
      // The rights of the version's PDF: plan readers only, the person's section and the health detail to those who read them live.
      const context = await planViewContext(c, deps.access, c.req.param('id'))
      const versionId = c.req.param('versionId')
      const bundle = await downloadVersionBundle(
        deps,
        context.situation.id,
        versionId,
        { person: canReadPersonViews(context), health: canReadHealthDetail(context) },
        { userId: c.get('user')!.id, address: remoteAddress(c) },
        { finess: deps.finess },
      )
      if (!bundle) throw notFound()
      c.header('Content-Type', FHIR_JSON)
      c.header('Content-Disposition', `attachment; filename="plan-${context.situation.id}-${versionId}.fhir.json"`)
      return c.body(JSON.stringify(bundle))
    })
}
