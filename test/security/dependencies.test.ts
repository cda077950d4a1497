import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { recordFigures } from '../faults/report.ts'

/**
 * `npm audit --omit=dev --json`: no high or critical advisory in production
 * dependencies. Needs the registry's advisory endpoint; when it cannot be
 * reached the test is skipped and says why (it never passes silently).
 */
describe('production dependencies', () => {
  it('have no high or critical advisory (npm audit --omit=dev)', (context) => {
    const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 60_000 })
    let report: { error?: { summary?: string }; message?: string; metadata?: { vulnerabilities?: Record<string, number> }; vulnerabilities?: Record<string, { severity: string; via: unknown[] }> }
    try {
      report = JSON.parse(result.stdout || '{}')
    } catch {
      report = {}
    }
    const counts = report.metadata?.vulnerabilities
    if (!counts) {
      const reason = report.message ?? report.error?.summary ?? result.stderr?.split('\n').find((line) => line.includes('error')) ?? 'no audit report'
      recordFigures('npm-audit', { ran: false, reason })
      context.skip(`npm audit could not run: ${reason}`)
      return
    }
    const serious = Object.entries(report.vulnerabilities ?? {})
      .filter(([, advisory]) => advisory.severity === 'high' || advisory.severity === 'critical')
      .map(([name, advisory]) => `${name} (${advisory.severity})`)
    recordFigures('npm-audit', { ran: true, counts, serious })
    expect(serious).toEqual([])
  }, 90_000)
})
