import { Hono } from 'hono'
import { z } from 'zod'
import { accessToPart } from '../auth/policy.ts'
import { readVersionParts, saveVersion, type VersionDeps } from '../domain/versions.ts'
import type { AccessService } from '../auth/access.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { notFound } from './errors.ts'
import { requireUser } from './session.ts'
import { authorizeSituation } from './situation-access.ts'

const createBody = z.object({
  label: z.string().trim().min(1).max(200),
  meetingId: z.string().min(1).max(64).nullable().optional(),
})

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')

/** Named versions: save all parts at once, list newest first, read one back as Yjs updates. */
export function versionRoutes(deps: VersionDeps & { access: AccessService; onSaved?: (e: { situationId: string; versionId: string; userId: string }) => void }) {
  const { access, versions } = deps
  return new Hono<AppEnv>()
    .use('/situations/*', requireUser)
    .post('/situations/:id/versions', async (c) => {
      const { situation } = authorizeSituation(c, access, c.req.param('id'), 'validateVersion')
      const body = await readJson(c, createBody)
      const user = c.get('user')!
      const row = await saveVersion(deps, situation.id, body, user.id)
      deps.onSaved?.({ situationId: situation.id, versionId: row.id, userId: user.id })
      return c.json({ id: row.id, label: row.label, createdAt: row.createdAt, createdBy: row.createdBy, meetingId: row.meetingId }, 201)
    })
    .get('/situations/:id/versions', (c) => {
      const { situation } = authorizeSituation(c, access, c.req.param('id'), 'readVersions')
      return c.json(
        versions.list(situation.id).map((row) => ({
          id: row.id,
          label: row.label,
          createdAt: row.createdAt,
          createdBy: row.createdBy,
          meetingId: row.meetingId,
        })),
      )
    })
    .get('/situations/:id/versions/:versionId', (c) => {
      const context = authorizeSituation(c, access, c.req.param('id'), 'readVersions')
      const row = versions.byId(context.situation.id, c.req.param('versionId'))
      if (!row) throw notFound()
      const parts = readVersionParts(deps, row.id, (part) => accessToPart(context, part) !== 'none')
      return c.json({
        id: row.id,
        label: row.label,
        createdAt: row.createdAt,
        createdBy: row.createdBy,
        meetingId: row.meetingId,
        encoding: 'yjs-update-v1-base64',
        parts: Object.fromEntries(Object.entries(parts).map(([part, bytes]) => [part, toBase64(bytes)])),
      })
    })
}
