import { Hono } from 'hono'
import type { AccessService } from '../auth/access.ts'
import { accessLog } from '../domain/access-log.ts'
import { assertPersonOrRepresentative, collectMyData, type MyDataDeps } from '../domain/my-data.ts'
import { renderMyDataPdf } from '../domain/my-data-pdf.ts'
import type { AppEnv } from './context.ts'
import { remoteAddress } from './remote-address.ts'
import { requireUser } from './session.ts'
import { situationContext } from './situation-access.ts'

/**
 * The person's rights over their record: "Qui a consulté mon dossier" and
 * the download of everything held about them (JSON and PDF). Only the person
 * and their legal representative; each download is itself in the audit trail.
 */
export function myDataRoutes(deps: MyDataDeps & { access: AccessService }) {
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .get('/situations/:id/access-log', (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      assertPersonOrRepresentative(context)
      return c.json(accessLog(deps, context.situation.id, deps.situations.activeMembers(context.situation.id)))
    })
    .get('/situations/:id/my-data.json', async (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      const data = await collectMyData(deps, context)
      deps.audit.append({ situationId: context.situation.id, userId: c.get('user')!.id, action: 'mydata.json', address: remoteAddress(c) })
      c.header('Content-Disposition', `attachment; filename="mes-donnees-${context.situation.id}.json"`)
      c.header('Cache-Control', 'no-store')
      return c.json(data)
    })
    .get('/situations/:id/my-data.pdf', async (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      const data = await collectMyData(deps, context)
      const pdf = await renderMyDataPdf(data)
      deps.audit.append({ situationId: context.situation.id, userId: c.get('user')!.id, action: 'mydata.pdf', address: remoteAddress(c) })
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="mes-donnees-${context.situation.id}.pdf"`,
        'Cache-Control': 'no-store',
      })
    })
}
