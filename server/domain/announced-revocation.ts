import type { Revocation } from '../../shared/protocol/revocation.ts'
import type { AccessService } from '../auth/access.ts'
import type { LiveDocuments } from './live-documents.ts'
import { closeSessionConnections, revalidateSituation } from './revocation.ts'

/** This node's live documents, announcing nothing: what another node announced, or this node re-checks, is not passed on again. */
export const withoutAnnouncing = (rooms: LiveDocuments): LiveDocuments => ({ ...rooms, announce: () => {} })

/**
 * Applies to this node's connections a revocation another node announced
 * (cluster mode, over the control channel): the rights are re-read here,
 * from the shared database; the message only says where to look.
 * @example control.subscribe((message) => applyAnnouncedRevocation({ rooms, access }, message))
 */
export async function applyAnnouncedRevocation({ rooms, access }: { rooms: LiveDocuments; access: AccessService }, revocation: Revocation): Promise<number> {
  const here = withoutAnnouncing(rooms)
  switch (revocation.type) {
    case 'rights-changed':
      return await revalidateSituation({ rooms: here, access }, revocation.situationId)
    case 'session-ended':
      return closeSessionConnections(here, { sessionId: revocation.sessionId })
    case 'user-sessions-ended':
      return closeSessionConnections(here, { userId: revocation.userId })
  }
}
