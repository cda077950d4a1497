import type { InvitationRow, InvitationRows } from '../storage/invitations.ts'
import type { OutboxRows } from '../storage/outbox.ts'
import type { SituationRows } from '../storage/situations.ts'
import { inspectInvitation, type InvitationState } from './invitations.ts'
import type { OutboxMail } from '../../shared/api/invitations.ts'

/** A situation's invitations and reset links, newest first, for its coordinator. */
export function situationInvitations(deps: { invitations: Pick<InvitationRows, 'forSituation'> }, situationId: string): Promise<InvitationRow[]> {
  return deps.invitations.forSituation(situationId)
}

/**
 * The situation's kept mails (the outbox, for hand-over when no SMTP server
 * delivers them): who, what and the link, never the mail's body.
 */
export async function situationOutbox(deps: { outbox: Pick<OutboxRows, 'forSituation'> }, situationId: string): Promise<OutboxMail[]> {
  return (await deps.outbox.forSituation(situationId)).map(({ id, createdAt, kind, to, subject, link }) => ({ id, createdAt, kind, to, subject, link }))
}

export interface OpenedInvitation {
  state: InvitationState
  invitation?: InvitationRow
  /** Only for a valid link: the title of the situation it leads to. */
  situationTitle?: string
}

/**
 * The invitee opens a link: a valid one is marked opened (the coordinator
 * sees "ouverte") and names its situation; any other is told by its state
 * only.
 *
 * @example const { state, invitation, situationTitle } = await openInvitation(deps, token)
 */
export async function openInvitation(
  deps: { invitations: InvitationRows; situations: Pick<SituationRows, 'situationById'> },
  token: string,
  now = new Date(),
): Promise<OpenedInvitation> {
  const inspected = await inspectInvitation(deps, token, now)
  if (inspected.state !== 'valid' || !inspected.invitation) return inspected
  await deps.invitations.markOpened(inspected.invitation.id, now.toISOString())
  return { ...inspected, situationTitle: (await deps.situations.situationById(inspected.invitation.situationId))?.title ?? '' }
}
