// Rebuilds the client (Vite) and the server (esbuild) when a source is newer than their build: `npm start` runs
// this in a child process first, so none of the file walking stays in the server's memory.
import { spawnSync } from 'node:child_process'
import { isClientStale } from './client-build.mjs'
import { isServerStale, ROOT } from './server-build.mjs'

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
