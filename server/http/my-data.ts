import { Hono } from 'hono'
import type { AccessService } from '../auth/access.ts'
import type { MyDataDeps } from '../domain/my-data.ts'
import { downloadMyData, situationAccessLog } from '../domain/my-data-download.ts'
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
    .get('/situations/:id/access-log', async (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      return c.json(await situationAccessLog(deps, context))
    })
    .get('/situations/:id/my-data.json', async (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      const data = await downloadMyData(deps, context, 'json', { userId: c.get('user')!.id, address: remoteAddress(c) })
      c.header('Content-Disposition', `attachment; filename="mes-donnees-${context.situation.id}.json"`)
      c.header('Cache-Control', 'no-store')
      return c.json(data)
    })
    .get('/situations/:id/my-data.pdf', async (c) => {
      const context = situationContext(c, deps.access, c.req.param('id'))
      const pdf = await downloadMyData(deps, context, 'pdf', { userId: c.get('user')!.id, address: remoteAddress(c) })
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="mes-donnees-${context.situation.id}.pdf"`,
        'Cache-Control': 'no-store',
      })
    })
}
