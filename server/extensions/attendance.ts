import { recordConnected } from '../domain/meetings.ts'
import type { MeetingRows } from '../storage/meetings.ts'
import type { SituationRows } from '../storage/situations.ts'
import type { Extension } from '../sync/extension.ts'
import type { Logger } from '../log.ts'

/** Attendance comes from the server's own authenticated connections during a started meeting, never from awareness. */
export function attendanceExtension(deps: { meetings: MeetingRows; situations: SituationRows; log: Logger }): Extension {
  return {
    name: 'attendance',
    async onConnect({ connection }) {
      try {
        await recordConnected(deps, connection.principal.situationId, connection.principal.userId)
      } catch (error) {
        deps.log.error('attendance not recorded', { situation: connection.principal.situationId, error: (error as Error).message })
      }
    },
  }
}
