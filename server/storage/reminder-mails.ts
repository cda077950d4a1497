import type { SqlDb } from './sql/schema.ts'

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

const COLUMNS = [
  'id',
  'job_key as jobKey',
  'user_id as userId',
  'to_address as to',
  'subject',
  'text',
  'html',
  'link',
  'created_at as createdAt',
  'sending_at as sendingAt',
  'sent_at as sentAt',
  'delivered',
] as const

/**
 * Reminder mails written by their job (same transaction as the job's
 * completion), then handed to the mail layer once. `startSending` is the
 * point of no return: a row with `sendingAt` and no `sentAt` was maybe
 * handed over when the process died, so it is never given to SMTP again.
 */
export function createReminderMailRows(sql: SqlDb) {
  const select = () => sql.selectFrom('reminder_mails').select(COLUMNS)
  return {
    async insert(row: Omit<ReminderMailRow, 'sendingAt' | 'sentAt' | 'delivered'>): Promise<void> {
      await sql
        .insertInto('reminder_mails')
        .values({
          id: row.id,
          job_key: row.jobKey,
          user_id: row.userId,
          to_address: row.to,
          subject: row.subject,
          text: row.text,
          html: row.html,
          link: row.link,
          created_at: row.createdAt,
        })
        .execute()
    },
    unsent: (limit = 50): Promise<ReminderMailRow[]> => select().where('sent_at', 'is', null).orderBy('created_at').orderBy('id').limit(limit).execute(),
    /** True for the one caller that may hand this mail to SMTP (one UPDATE: two nodes cannot both win). */
    async startSending(id: string, at: string): Promise<boolean> {
      const result = await sql.updateTable('reminder_mails').set({ sending_at: at }).where('id', '=', id).where('sending_at', 'is', null).where('sent_at', 'is', null).executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    /**
     * True for the one caller that may move an abandoned hand-over (started
     * at `sendingAt`, never finished) to the outbox: one UPDATE, so two nodes
     * cannot both move it, nor move one its sender has just finished.
     */
    async settleAbandoned(id: string, sendingAt: string, at: string): Promise<boolean> {
      const result = await sql.updateTable('reminder_mails').set({ sent_at: at, delivered: 'outbox' }).where('id', '=', id).where('sending_at', '=', sendingAt).where('sent_at', 'is', null).executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async markSent(id: string, at: string, delivered: 'smtp' | 'outbox'): Promise<void> {
      await sql.updateTable('reminder_mails').set({ sent_at: at, delivered }).where('id', '=', id).execute()
    },
    ofUser: (userId: string): Promise<ReminderMailRow[]> => select().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute(),
  }
}
export type ReminderMailRows = ReturnType<typeof createReminderMailRows>
