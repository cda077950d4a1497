/**
 * The mail layer. One interface for every mail Concerto sends (invitations,
 * e-mail verification, password resets, reminders):
 *
 *   const mailer = createMailer({ smtpUrl, from, outbox, log })
 *   await mailer.send({ to, subject, text, html, kind, situationId?, link? })
 *     → { delivered: 'smtp' | 'outbox', id }
 *
 * - With `smtpUrl` (env `SMTP_URL`, e.g. `smtp://user:pass@mail.example:587`
 *   or `smtps://…:465`; nodemailer URL options such as `?ignoreTLS=true` are
 *   read too) mails go out through nodemailer, from `from` (env `MAIL_FROM`).
 * - Without it (the embedded default), and whenever SMTP fails, the mail is
 *   written to the `outbox` table (migration 010), so nothing is lost: the
 *   coordinator reads a situation's links there (`GET /api/situations/:id/outbox`)
 *   and hands them over in person.
 * - Build `subject/text/html` with `composeMail()` (./compose.ts): French plain
 *   text + HTML with one link. Mails carry the link and names or titles only,
 *   never anything from the health record.
 * - `kind` names the mail for the outbox and the logs (`invitation`, `added`,
 *   `reset`, `verify-email`, `reminder`, …). `situationId` files it under a
 *   situation's outbox; `link` is the link the mail carries, shown as is.
 * - The log line names the kind and the outcome only: no address, no link.
 */
import { nanoid } from 'nanoid'
import type { Logger } from '../log.ts'
import type { OutboxRows } from '../storage/outbox.ts'

export { composeMail, type ComposedMail, type MailContent } from './compose.ts'

export interface MailMessage {
  to: string
  subject: string
  text: string
  html: string
  kind: string
  situationId?: string | null
  link?: string | null
}

export interface SendResult {
  delivered: 'smtp' | 'outbox'
  id: string
}

export interface Mailer {
  /** `smtp` when SMTP_URL is configured, else `outbox`. */
  readonly transport: 'smtp' | 'outbox'
  send(message: MailMessage): Promise<SendResult>
  close(): void
}

export interface MailerConfig {
  smtpUrl: string | null
  from: string | null
  outbox: OutboxRows
  log: Logger
  now?: () => Date
}

/** A transport that hands a message over, or throws. */
type Deliver = (message: MailMessage) => Promise<void>

export function createMailer({ smtpUrl, from, outbox, log, now = () => new Date() }: MailerConfig): Mailer {
  const store = async (message: MailMessage): Promise<SendResult> => {
    const id = `mail-${nanoid(12)}`
    await outbox.insert({
      id,
      createdAt: now().toISOString(),
      kind: message.kind,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      situationId: message.situationId ?? null,
      link: message.link ?? null,
    })
    return { delivered: 'outbox', id }
  }

  let deliver: Deliver | null = null
  let closeTransport = () => {}
  if (smtpUrl) {
    // nodemailer is loaded on the first send, so a server without SMTP never pays for it.
    let transport: Promise<import('nodemailer').Transporter> | null = null
    const sender = from ?? 'Concerto <no-reply@localhost>'
    deliver = async (message) => {
      transport ??= import('nodemailer').then((nodemailer) => nodemailer.default.createTransport(smtpUrl))
      const t = await transport
      await t.sendMail({ from: sender, to: message.to, subject: message.subject, text: message.text, html: message.html })
    }
    closeTransport = () => void transport?.then((t) => t.close()).catch(() => {})
  }

  return {
    transport: deliver ? 'smtp' : 'outbox',
    async send(message) {
      if (!deliver) {
        const result = await store(message)
        log.info('mail kept in the outbox', { kind: message.kind, id: result.id })
        return result
      }
      try {
        await deliver(message)
        log.info('mail sent', { kind: message.kind })
        return { delivered: 'smtp', id: `smtp-${nanoid(12)}` }
      } catch (error) {
        // Nothing lost: the coordinator can still hand the link over from the outbox.
        const result = await store(message)
        log.warn('mail not sent, kept in the outbox', { kind: message.kind, id: result.id, error: (error as { code?: string }).code ?? 'error' })
        return result
      }
    },
    close: () => closeTransport(),
  }
}
