import { Hono } from 'hono'
import { serveStatic } from '@hono/node-server/serve-static'
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { AppEnv } from './context.ts'

const FALLBACK_PAGE = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Concerto</title></head>
<body><main><h1>Concerto</h1><p>Le client n'est pas construit. Lancez <code>npm start</code>.</p></main></body></html>`

/**
 * Serves the built client from the same port; every other GET that is not an
 * API route gets index.html, so client-side routes survive a reload.
 */
export function staticRoutes({ clientDir }: { clientDir: string }) {
  const root = relative(process.cwd(), clientDir) || '.'
  const indexFile = join(clientDir, 'index.html')
  const app = new Hono<AppEnv>()
  app.use('/assets/*', serveStatic({ root, onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable') }))
  app.use('/*', serveStatic({ root }))
  app.get('*', (c) => {
    const path = c.req.path
    if (path.startsWith('/api/') || path.startsWith('/sync/')) return c.json({ error: 'not found' }, 404)
    c.header('Cache-Control', 'no-cache')
    return c.html(existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : FALLBACK_PAGE)
  })
  return app
}
