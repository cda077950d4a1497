/** What failure-logs.ts needs of a spawned server (server.ts's SpawnedServer has it). */
export interface LoggingServer {
  url: string
  output: string[]
}

/**
 * The servers this test file started and that have not exited, and every
 * server started since the current test began (exited ones included: a test's
 * afterEach stops its servers before vitest reports the failure, and a
 * server that crashed has the most to say). test/helpers/failure-logs.ts
 * prints the end of their output when a test fails. Its own module, so that
 * the setup file of every test file loads nothing else.
 */
export const liveServers = new Set<LoggingServer>()
export const startedThisTest = new Set<LoggingServer>()

export function serverStarted(server: LoggingServer, exited: Promise<unknown>): void {
  liveServers.add(server)
  startedThisTest.add(server)
  void exited.then(() => liveServers.delete(server))
}
