// `npm start`: rebuild the client and the server when a source is newer than their build (in a child process,
// scripts/build-if-stale.mjs), then run the compiled server (dist/server/main.js) in this very process, with plain
// node: no TypeScript loader (decision 008). One process: SIGTERM and SIGKILL reach the server itself, not a
// wrapper, and neither Vite, esbuild nor the staleness checks stay in the server's memory.
import { spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join, resolve } from 'node:path'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const prepared = spawnSync(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs')], { cwd: root, stdio: 'inherit' })
if (prepared.status !== 0) process.exit(prepared.status ?? 1)
await import(pathToFileURL(join(root, 'dist', 'server', 'main.js')).href)
