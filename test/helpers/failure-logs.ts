import { beforeEach } from 'vitest'
import { liveServers, startedThisTest, type LoggingServer } from './live-servers.ts'

/** Enough to see the requests around a failure, not a whole run's log. */
const TAIL_LINES = 80

/**
 * A setup file of every project: when a test fails, the end of the output of
 * each server it could have talked to (those running when it began, and
 * those it started, even if they have exited since) goes to stderr, named by
 * the test. CI keeps only what a run prints, and a browser test that timed
 * out waiting for a page (the `postgres` meeting test, Dec 2026) otherwise
 * leaves nothing to tell a request never answered from a page never sent.
 * The servers log no document text and no secret (test/security/logs.test.ts).
 */
beforeEach((context) => {
  startedThisTest.clear()
  const runningAtStart = [...liveServers]
  context.onTestFailed(() => {
    const servers = new Set<LoggingServer>([...runningAtStart, ...startedThisTest])
    for (const server of servers) {
      const lines = server.output.join('').split('\n')
      process.stderr.write(
        `\n--- "${context.task.name}" failed: the last ${TAIL_LINES} lines of the server at ${server.url} ---\n${lines.slice(-TAIL_LINES).join('\n')}\n--- end of the server's lines ---\n`,
      )
    }
  })
})
