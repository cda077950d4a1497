import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
// @ts-expect-error plain ESM helper shared with scripts/start.mjs
import { isClientStale } from '../scripts/client-build.mjs'

/** Builds the client once before the suites when it is stale, so browser tests get what `npm start` serves. */
export default function setup(): void {
  if (process.env.SKIP_CLIENT_BUILD === '1' || !existsSync('client/index.html') || !isClientStale()) return
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would make Vite build React in development mode.
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) throw new Error('client build failed')
}
