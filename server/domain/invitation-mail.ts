import type { Role } from '../../shared/domain/roles.ts'
import type { Mailer } from '../mail/index.ts'
import { addedMail, invitationMail, resetMail } from '../mail/templates.ts'
import { FR } from '../export/labels-fr.ts'
import { DomainError } from './errors.ts'
import { addMember, type NewMember } from './situations.ts'
import { createInvitation, createResetInvitation, revokeResetLinks, type InvitationDeps, type NewInvitation } from './invitations.ts'

/**
 * The use cases that send a link by mail: an invitation, a member added by
 * e-mail, a reset link. Whether the creator is shown the link decides
 * whether accepting it later proves the address: only a link that went
 * nowhere but the mailbox (SMTP) does.
 */
export interface MailingDeps extends InvitationDeps {
  mailer: Mailer
}

export interface Sender {
  userId: string
  address: string
  /** Absolute origin for links in mails (PUBLIC_ORIGIN, else the request's). */
  origin: string
}

const invitationLink = (origin: string, token: string) => `${origin}/invitation/${token}`
const roleLabel = (role: string) => (FR.role as Record<string, string>)[role]?.toLowerCase() ?? role

/** The sender's name only: nothing of the situation goes into a mail (see mail/templates.ts). */
const context = async (deps: MailingDeps, _situationId: string, userId: string) => ({
  senderName: (await deps.users.byId(userId))?.name ?? 'La coordination',
})

/**
 * Creates an invitation; when it names an e-mail, mails it. The link is
 * returned (to hand over in person) unless the mail went out by SMTP: then
 * the creator never sees it, so that only the mailbox's owner can accept.
 */
export async function inviteAndMail(deps: MailingDeps, situationId: string, input: NewInvitation, sender: Sender, now = new Date()) {
  const invitation = await createInvitation(deps, situationId, { ...input, linkHanded: true }, sender.userId, now)
  await deps.audit.append({ situationId, userId: sender.userId, action: 'invitation.create', target: invitation.id, detail: { role: input.role }, address: sender.address }, now)
  if (!input.email) return { ...invitation, delivered: 'handed' as const, handed: true }
  const { senderName } = await context(deps, situationId, sender.userId)
  const link = invitationLink(sender.origin, invitation.token)
  const mail = invitationMail({ roleLabel: roleLabel(input.role), invitedBy: senderName, link, expiresAt: invitation.expiresAt })
  const { delivered } = await deps.mailer.send({ to: input.email, ...mail, kind: 'invitation', situationId, link })
  if (delivered === 'smtp') await deps.invitations.setLinkHanded(invitation.id, false)
  return { ...invitation, delivered, handed: delivered !== 'smtp' }
}

/**
 * Adds a member by e-mail without revealing whether an account exists: an
 * account whose address is proven is added at once and told so; any other
 * address (no account, or an address never proven) gets an invitation bound
 * to it. The caller answers the same either way.
 */
export async function addMemberByEmail(
  deps: MailingDeps,
  situationId: string,
  input: Omit<NewMember, 'userId'> & { email: string },
  sender: Sender,
  now = new Date(),
): Promise<void> {
  if (input.role === 'coordinator') throw new DomainError(400, 'use the handover to change the coordinator', { field: 'role' })
  const email = input.email.trim().toLowerCase()
  const user = await deps.users.byIdentifier(email)
  const proven = user && user.email?.toLowerCase() === email && user.emailVerifiedAt && !user.deactivatedAt
  if (!proven) {
    await inviteAndMail(deps, situationId, { ...input, role: input.role as Exclude<Role, 'coordinator'>, email }, sender, now)
    return
  }
  if (await deps.situations.memberOfUser(situationId, user.id)) return
  const { email: _email, ...fields } = input
  const member = await addMember(deps, situationId, { ...fields, userId: user.id }, now)
  await revokeResetLinks(deps, user.id, 'memberships changed', 'system', now)
  await deps.audit.append({ situationId, userId: sender.userId, action: 'member.add', target: member.id, detail: { role: member.role }, address: sender.address }, now)
  const { senderName } = await context(deps, situationId, sender.userId)
  const link = `${sender.origin}/`
  await deps.mailer.send({ to: email, ...addedMail({ roleLabel: roleLabel(input.role), addedBy: senderName, link }), kind: 'added', situationId, link })
}

/** A reset link; mailed to the account's proven address when it has one, else handed over. */
export async function resetAndMail(deps: MailingDeps, situationId: string, memberId: string, sender: Sender, now = new Date()) {
  const reset = await createResetInvitation(deps, situationId, memberId, sender.userId, now)
  await deps.audit.append({ situationId, userId: sender.userId, action: 'invitation.reset.create', target: memberId, address: sender.address }, now)
  const member = (await deps.situations.memberById(situationId, memberId))!
  const account = await deps.users.byId(member.userId!)
  if (!account?.email || !account.emailVerifiedAt || deps.mailer.transport !== 'smtp') return { ...reset, delivered: 'handed' as const, handed: true }
  const { senderName } = await context(deps, situationId, sender.userId)
  const link = invitationLink(sender.origin, reset.token)
  const { delivered } = await deps.mailer.send({ to: account.email, ...resetMail({ issuedBy: senderName, link, expiresAt: reset.expiresAt }), kind: 'reset', situationId, link })
  return { ...reset, delivered, handed: delivered !== 'smtp' }
}
