// `npm start`: rebuild the client and the server only when a source is newer than their build, then run the
// compiled server (dist/server/main.js) in this very process, with plain node: no TypeScript loader (decision 008).
// One process: SIGTERM and SIGKILL reach the server itself, not a wrapper. The builds run as child processes, so
// neither Vite nor esbuild stays loaded in the server's memory.
import { spawnSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { isClientStale } from './client-build.mjs'
import { isServerStale, ROOT, SERVER_ENTRY, SERVER_OUT_DIR } from './server-build.mjs'

const run = (args) => {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

if (isClientStale()) {
  process.stdout.write('Construction du client…\n')
  run(['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'])
}
if (isServerStale()) {
  process.stdout.write('Compilation du serveur…\n')
  run(['scripts/server-build.mjs'])
}
await import(pathToFileURL(join(SERVER_OUT_DIR, SERVER_ENTRY)).href)
