import type { SituationRow } from '../storage/situations.ts'
import { isSituationOpen } from '../auth/policy.ts'
import { DomainError } from './errors.ts'

/**
 * The one guard for "a closed situation is read-only until reopened": every
 * use case that changes a situation (versions, restores, meetings, timeline,
 * consent, agreements, commitments, members, invitations) calls it after the
 * rights check, so the caller learns why with a 409, not a bare 403.
 */
export function assertSituationOpen(situation: Pick<SituationRow, 'status'>): void {
  if (!isSituationOpen(situation)) {
    throw new DomainError(409, 'the situation is closed: reopen it to change it', { reason: 'situationClosed' })
  }
}
