#!/usr/bin/env node
// `npm run build:server`: compiles server/main.ts (and everything it imports from server/ and shared/) into
// dist/server/main.js with esbuild, so production runs plain `node` without a TypeScript loader (decision 008).
//
//   node scripts/server-build.mjs [--outdir DIR]
//
// - One bundle that follows the imports: a file another helper adds is picked up as soon as something imports it.
// - Packages stay external (`import … from 'yjs'` is kept): node_modules is resolved at run time, as with tsx, so
//   the output directory must sit inside the repository (dist/…) for node to find node_modules.
// - A dynamic `import()` becomes its own chunk next to main.js: rarely used code (PDF, FHIR) loads on first use.
// - A file reached through `new URL('./x', import.meta.url)` (the checkpoint worker) is copied to DIR/assets/ and the
//   URL rewritten to it; a file the build cannot place is an error, never a server that fails later.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, extname, join, relative, resolve } from 'node:path'
import { createHash } from 'node:crypto'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const SERVER_OUT_DIR = join(ROOT, 'dist', 'server')
export const SERVER_ENTRY = 'main.js'
const SOURCES = ['server', 'shared', 'package-lock.json', 'scripts/server-build.mjs']
const ASSET_URL = /new\s+URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g
const LOADERS = { '.ts': 'ts', '.tsx': 'tsx', '.mts': 'ts', '.js': 'js', '.mjs': 'js' }

const newest = (path) => {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let max = stat.mtimeMs
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || /\.test\.tsx?$/.test(entry)) continue
    max = Math.max(max, newest(join(path, entry)))
  }
  return max
}

/** True when the compiled server is missing or older than any server or shared source. */
export function isServerStale(outdir = SERVER_OUT_DIR) {
  const marker = join(outdir, SERVER_ENTRY)
  if (!existsSync(marker)) return true
  const built = statSync(marker).mtimeMs
  return SOURCES.some((source) => newest(join(ROOT, source)) > built)
}

/** Copies `new URL('./x', import.meta.url)` targets beside the bundle and points the URL at the copy. */
function assetUrlPlugin(outdir, copied) {
  return {
    name: 'asset-url',
    setup(build) {
      build.onLoad({ filter: /\.(ts|tsx|mts|js|mjs)$/ }, (args) => {
        if (args.path.includes('/node_modules/')) return undefined
        const source = readFileSync(args.path, 'utf8')
        if (!source.includes('import.meta.url')) return undefined
        const errors = []
        const contents = source.replace(ASSET_URL, (match, quote, specifier) => {
          const asset = resolve(dirname(args.path), specifier)
          if (!existsSync(asset)) {
            errors.push({ text: `asset not found: ${specifier} (from ${relative(ROOT, args.path)})` })
            return match
          }
          // Same file name from two folders must not collide: add a short hash of its source path.
          const hash = createHash('sha256').update(relative(ROOT, asset)).digest('hex').slice(0, 8)
          const name = `${basename(asset, extname(asset))}-${hash}${extname(asset)}`
          copied.push({ from: asset, to: join(outdir, 'assets', name) })
          return `new URL(${quote}./assets/${name}${quote}, import.meta.url)`
        })
        return { contents, loader: LOADERS[extname(args.path)] ?? 'ts', errors }
      })
    },
  }
}

/** Builds the server into `outdir` (dist/server by default); returns the entry file. */
export async function buildServer({ outdir = SERVER_OUT_DIR, log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const started = performance.now()
  // esbuild comes with vite and tsx (devDependencies): loaded only here, never by the running server.
  const esbuild = await import('esbuild')
  const staging = `${outdir}.tmp-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  const copied = []
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: { main: join(ROOT, 'server', 'main.ts') },
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20.19',
      packages: 'external',
      // Chunks beside main.js: `./assets/x` means the same folder from every output file.
      chunkNames: '[name]-[hash]',
      sourcemap: 'linked',
      legalComments: 'none',
      logLevel: 'warning',
      metafile: true,
      plugins: [assetUrlPlugin(staging, copied)],
    })
    for (const { from, to } of copied) {
      mkdirSync(dirname(to), { recursive: true })
      copyFileSync(from, to)
    }
    writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`)
    // Replace the previous build in one step, so a running `npm start` never reads half a build.
    rmSync(outdir, { recursive: true, force: true })
    mkdirSync(dirname(outdir), { recursive: true })
    renameSync(staging, outdir)
    const bytes = Object.entries(result.metafile.outputs)
      .filter(([file]) => file.endsWith('.js'))
      .reduce((sum, [, output]) => sum + output.bytes, 0)
    log(`Serveur compilé : ${relative(ROOT, outdir)}/${SERVER_ENTRY} (${Math.round(bytes / 1024)} Ko de JavaScript, ${Math.round(performance.now() - started)} ms)`)
    return join(outdir, SERVER_ENTRY)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw error
  } finally {
    await esbuild.stop?.()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2)
  const at = args.indexOf('--outdir')
  const outdir = at >= 0 && args[at + 1] ? resolve(process.cwd(), args[at + 1]) : SERVER_OUT_DIR
  buildServer({ outdir }).catch((error) => {
    process.stderr.write(`${error.message ?? error}\n`)
    process.exit(1)
  })
}
