// `npm start`: build the client only when a source is newer than the build, then run the server in this process.
import { spawnSync, spawn } from 'node:child_process'
import { isClientStale } from './client-build.mjs'

if (isClientStale()) {
  process.stdout.write('Construction du client…\n')
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
// One node process with the tsx loader: signals reach the server itself, not a wrapper.
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
