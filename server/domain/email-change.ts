import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { verifyPassword } from '../auth/passwords.ts'
import type { Mailer } from '../mail/index.ts'
import { verifyEmailMail } from '../mail/templates.ts'
import type { UserRow, UserRows } from '../storage/users.ts'
import type { InvitationRows } from '../storage/invitations.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { ServerState } from '../storage/server-state.ts'
import { DomainError } from './errors.ts'

/**
 * Changing one's e-mail from "Mon compte" (issue 14). The new address is
 * proven by a link mailed to it (SMTP); the link is a signed statement
 * "account U may take address E until T, while its address is still S", so
 * it is single-use (once used, S has changed) and needs no table. Without
 * SMTP nobody but the operator could read the mail: the address changes at
 * once and stays unproven. Either way the account's reset links are revoked.
 */
export interface EmailChangeDeps {
  users: UserRows
  invitations: InvitationRows
  audit: AuditRows
  mailer: Mailer
  serverState: ServerState
}

const LIFETIME_MS = 24 * 3600_000
const KEY_NAME = 'emailChangeKey'

async function key(deps: Pick<EmailChangeDeps, 'serverState'>): Promise<Buffer> {
  // Written once by whichever node asks first; every node then signs and checks with that one key.
  const value = await deps.serverState.initial(KEY_NAME, randomBytes(32).toString('base64url'))
  return Buffer.from(value, 'base64url')
}

const sign = async (deps: Pick<EmailChangeDeps, 'serverState'>, payload: string) => createHmac('sha256', await key(deps)).update(payload).digest('base64url')

export async function requestEmailChange(deps: EmailChangeDeps, user: UserRow, input: { email: string; password: string }, context: { origin: string; address: string }, now = new Date()) {
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.password))) {
    throw new DomainError(400, 'the current password is wrong', { field: 'password' })
  }
  const email = input.email.trim().toLowerCase()
  const holder = await deps.users.byIdentifier(email)
  if (holder && holder.id !== user.id) throw new DomainError(409, 'this address is already used by an account', { field: 'email' })
  if (deps.mailer.transport !== 'smtp') {
    await deps.users.setEmail(user.id, email, null)
    await deps.invitations.revokeResetsOfUser(user.id, user.id, 'e-mail changed', now.toISOString())
    await deps.audit.append({ situationId: null, userId: user.id, action: 'account.email', detail: { proven: false }, address: context.address }, now)
    return { status: 'changed' as const }
  }
  const expiresAt = new Date(now.getTime() + LIFETIME_MS).toISOString()
  const payload = Buffer.from(JSON.stringify({ u: user.id, e: email, x: expiresAt, s: user.email ?? '' })).toString('base64url')
  const link = `${context.origin}/api/email/confirm?token=${payload}.${await sign(deps, payload)}`
  await deps.mailer.send({ to: email, ...verifyEmailMail({ link, expiresAt }), kind: 'verify-email', link })
  await deps.audit.append({ situationId: null, userId: user.id, action: 'account.email.request', address: context.address }, now)
  return { status: 'sent' as const }
}

/** Uses a confirmation link; returns the account whose address changed. */
export async function confirmEmailChange(deps: EmailChangeDeps, token: string, address: string, now = new Date()): Promise<string> {
  const [payload, mac] = token.split('.')
  const refused = () => new DomainError(410, 'this confirmation link is no longer valid', { reason: 'invalid' })
  if (!payload || !mac) throw refused()
  const expected = Buffer.from(await sign(deps, payload))
  const given = Buffer.from(mac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refused()
  const { u, e, x, s } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u: string; e: string; x: string; s: string }
  const user = await deps.users.byId(u)
  if (!user || user.deactivatedAt || new Date(x).getTime() <= now.getTime() || (user.email ?? '') !== s) throw refused()
  const holder = await deps.users.byIdentifier(e)
  if (holder && holder.id !== u) throw refused()
  await deps.users.setEmail(u, e, now.toISOString())
  await deps.invitations.revokeResetsOfUser(u, u, 'e-mail changed', now.toISOString())
  await deps.audit.append({ situationId: null, userId: u, action: 'account.email', detail: { proven: true }, address }, now)
  return u
}
