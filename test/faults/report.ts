import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Where the fault suites leave their figures and the captured output of the
 * servers they spawned: `test-results/faults/` (ignored by git). The log
 * scan in test/security/logs.test.ts reads the saved logs.
 */
export const RESULTS_DIR = join(process.cwd(), 'test-results', 'faults')
export const LOGS_DIR = join(RESULTS_DIR, 'logs')

/** Writes one suite's figures as JSON and prints a one-line summary. */
export function recordFigures(name: string, figures: unknown): void {
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`)
  console.log(`[figures] ${name}: ${JSON.stringify(figures)}`)
}

const savedThisRun = new Set<string>()

/**
 * Saves the captured stdout/stderr of spawned servers to `logs/<name>.log`:
 * the first save of a run replaces the file, later ones append, so the logs
 * are this run's and do not grow from run to run.
 */
export function saveServerLogs(name: string, output: readonly string[]): void {
  mkdirSync(LOGS_DIR, { recursive: true })
  const file = join(LOGS_DIR, `${name}.log`)
  if (savedThisRun.has(file)) appendFileSync(file, output.join(''))
  else {
    savedThisRun.add(file)
    writeFileSync(file, output.join(''))
  }
}

/** Session and invitation tokens: `<id>.<secret>`, 15 and 24 random bytes in lower-case base32. */
export const TOKEN_PATTERN = /\b[a-z2-7]{24}\.[a-z2-7]{39}\b/

/** Finds secrets in log text: the demo password, cookies, token-shaped strings and any listed value. */
export function findSecrets(text: string, known: readonly string[] = []): string[] {
  const found: string[] = []
  if (text.includes('concerto-demo')) found.push('the demo password')
  if (/concerto_session=/.test(text)) found.push('a session cookie (concerto_session=)')
  const token = TOKEN_PATTERN.exec(text)
  if (token) found.push(`a token-shaped string (${token[0].slice(0, 6)}…)`)
  for (const secret of known) if (secret.length >= 8 && text.includes(secret)) found.push(`a known secret (${secret.slice(0, 4)}…)`)
  return found
}
