import type { SituationRow } from '../storage/situations.ts'
import { isSituationOpen } from '../auth/policy.ts'
import { DomainError } from './errors.ts'

/** The refusal of a change to a closed situation: a 409, audited as `http.refused` by the HTTP layer. */
export class SituationClosedError extends DomainError {
  constructor(readonly situationId: string | null) {
    super(409, 'the situation is closed: reopen it to change it', { reason: 'situationClosed' })
  }
}

/**
 * The one guard for "a closed situation is read-only until reopened": every
 * use case that changes a situation (versions, restores, meetings, timeline,
 * consent, agreements, commitments, members, invitations) calls it after the
 * rights check, so the caller learns why with a 409, not a bare 403.
 */
export function assertSituationOpen(situation: Pick<SituationRow, 'status'> & { id?: string }): void {
  if (!isSituationOpen(situation)) throw new SituationClosedError(situation.id ?? null)
}
