#!/usr/bin/env node
// `npm run bench [-- --full] [--json FILE]`: runs bench/run.ts with tsx; extra arguments pass
// through. bench/run.ts kills every server and generator it started, on errors and signals too.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dirname, resolve } from 'node:path'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'bench/run.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
})
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal))
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
