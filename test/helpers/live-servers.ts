/** What failure-logs.ts needs of a spawned server (server.ts's SpawnedServer has it). */
export interface LoggingServer {
  url: string
  output: string[]
}

/**
 * The servers this test file started and that have not exited: when a test
 * fails, test/helpers/failure-logs.ts prints the end of their output. Its own
 * module, so that the setup file of every test loads nothing else.
 */
export const liveServers = new Set<LoggingServer>()
