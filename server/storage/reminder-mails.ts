import type { Db } from './db.ts'

export interface ReminderMailRow {
  id: string
  jobKey: string
  userId: string
  to: string
  subject: string
  text: string
  html: string
  link: string
  createdAt: string
  sendingAt: string | null
  sentAt: string | null
  delivered: string | null
}

const COLUMNS =
  'id, job_key AS jobKey, user_id AS userId, to_address AS "to", subject, text, html, link, created_at AS createdAt, sending_at AS sendingAt, sent_at AS sentAt, delivered'

/**
 * Reminder mails written by their job (same transaction as the job's
 * completion), then handed to the mail layer once. `startSending` is the
 * point of no return: a row with `sendingAt` and no `sentAt` was maybe
 * handed over when the process died, so it is never given to SMTP again.
 */
export function createReminderMailRows(db: Db) {
  const insert = db.prepare(
    `INSERT INTO reminder_mails (id, job_key, user_id, to_address, subject, text, html, link, created_at)
     VALUES (@id, @jobKey, @userId, @to, @subject, @text, @html, @link, @createdAt)`,
  )
  const unsent = db.prepare(`SELECT ${COLUMNS} FROM reminder_mails WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ?`)
  const startSending = db.prepare('UPDATE reminder_mails SET sending_at = ? WHERE id = ? AND sending_at IS NULL AND sent_at IS NULL')
  const markSent = db.prepare('UPDATE reminder_mails SET sent_at = ?, delivered = ? WHERE id = ?')
  const ofUser = db.prepare(`SELECT ${COLUMNS} FROM reminder_mails WHERE user_id = ? ORDER BY created_at, id`)
  return {
    insert: (row: Omit<ReminderMailRow, 'sendingAt' | 'sentAt' | 'delivered'>) => void insert.run(row),
    unsent: (limit = 50) => unsent.all(limit) as ReminderMailRow[],
    /** True for the one caller that may hand this mail to SMTP. */
    startSending: (id: string, at: string): boolean => startSending.run(at, id).changes === 1,
    markSent: (id: string, at: string, delivered: 'smtp' | 'outbox') => void markSent.run(at, delivered, id),
    ofUser: (userId: string) => ofUser.all(userId) as ReminderMailRow[],
  }
}
export type ReminderMailRows = ReturnType<typeof createReminderMailRows>
