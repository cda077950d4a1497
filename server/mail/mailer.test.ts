import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type Db } from '../storage/db.ts'
import { createOutboxRows, type OutboxRows } from '../storage/outbox.ts'
import { sqliteSql } from '../storage/sql/sqlite.ts'
import { createLogger } from '../log.ts'
import { createMailer } from './index.ts'
import { invitationMail } from './templates.ts'
import { mailParts, startSmtpServer } from '../../test/helpers/smtp.ts'

let dir: string
let db: Db
let outbox: OutboxRows
const logs: string[] = []
const log = createLogger({ write: (line) => void logs.push(line) })

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'concerto-mail-'))
  db = openDatabase({ dataDir: dir })
  outbox = createOutboxRows(sqliteSql(db))
})
afterAll(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const LINK = 'https://concerto.example/invitation/abc.def'
const mail = () => invitationMail({ roleLabel: 'professionnel·le', invitedBy: 'Claire Martin', link: LINK, expiresAt: '2030-01-08T10:00:00.000Z' })

describe('the mail layer', () => {
  it('sends a French plain-text and HTML mail through a real SMTP server, with the link, from MAIL_FROM', async () => {
    const smtp = await startSmtpServer()
    try {
      const mailer = createMailer({ smtpUrl: smtp.url, from: 'Concerto <concerto@msp.example>', outbox, log })
      expect(mailer.transport).toBe('smtp')
      const result = await mailer.send({ to: 'dr.nouveau@chu.test', ...mail(), kind: 'invitation', situationId: 'madame-b', link: LINK })
      expect(result.delivered).toBe('smtp')
      mailer.close()
      expect(smtp.mails).toHaveLength(1)
      const received = smtp.mails[0]!
      expect(received.from).toBe('concerto@msp.example')
      expect(received.to).toEqual(['dr.nouveau@chu.test'])
      const { subject, text, html } = mailParts(received.raw)
      expect(subject).toBe('Invitation à rejoindre un plan partagé sur Concerto')
      expect(text).toContain('Bonjour,')
      expect(text).toContain(LINK)
      expect(html).toContain(`href="${LINK}"`)
      expect(html).toContain('lang="fr"')
      expect(await outbox.latest()).toHaveLength(0)
    } finally {
      await smtp.close()
    }
  })

  it('keeps the mail in the outbox when no SMTP server is configured, filed under its situation', async () => {
    const mailer = createMailer({ smtpUrl: null, from: null, outbox, log })
    expect(mailer.transport).toBe('outbox')
    const result = await mailer.send({ to: 'paul@example.test', ...mail(), kind: 'invitation', situationId: 'madame-b', link: LINK })
    expect(result.delivered).toBe('outbox')
    const [kept] = await outbox.forSituation('madame-b')
    expect(kept).toMatchObject({ id: result.id, to: 'paul@example.test', kind: 'invitation', link: LINK })
    expect(kept!.text).toContain(LINK)
  })

  it('keeps the mail in the outbox when the SMTP server cannot be reached, and logs neither address nor link', async () => {
    const smtp = await startSmtpServer()
    const url = smtp.url
    await smtp.close()
    const mailer = createMailer({ smtpUrl: url, from: 'concerto@msp.example', outbox, log })
    const result = await mailer.send({ to: 'lost@example.test', ...mail(), kind: 'invitation', situationId: 'yanis', link: LINK })
    expect(result.delivered).toBe('outbox')
    expect((await outbox.forSituation('yanis')).map((m) => m.to)).toEqual(['lost@example.test'])
    expect(logs.join('\n')).not.toContain('lost@example.test')
    expect(logs.join('\n')).not.toContain(LINK)
  })

  it('escapes what it is given in the HTML part', async () => {
    const composed = invitationMail({ roleLabel: '<script>x</script>', invitedBy: 'A & B', link: LINK, expiresAt: '2030-01-08T10:00:00.000Z' })
    expect(composed.html).not.toContain('<script>')
    expect(composed.html).toContain('&lt;script&gt;')
    expect(composed.html).toContain('A &amp; B')
  })
})
