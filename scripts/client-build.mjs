import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const BUILD_MARKER = 'dist/client/index.html'
const SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json']

const newest = (path) => {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let max = stat.mtimeMs
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts')) continue
    max = Math.max(max, newest(join(path, entry)))
  }
  return max
}

/** True when dist/client is missing or older than any client source. */
export function isClientStale() {
  if (!existsSync(BUILD_MARKER)) return true
  const built = statSync(BUILD_MARKER).mtimeMs
  return SOURCES.some((source) => newest(source) > built)
}
