import { afterEach, describe, expect, it } from 'vitest'
import { startServer, type SpawnedServer } from '../helpers/server.ts'
import { mailParts, startSmtpServer } from '../helpers/smtp.ts'
import { eventually } from '../helpers/clients.ts'
import { createTestApp } from '../helpers/app.ts'
import { HAND_OVER_ABANDONED_MS } from '../../server/jobs/follow-up-jobs.ts'
import { countOf, rowsOf, sql } from '../helpers/rows.ts'
import { withServerRows } from '../helpers/test-store.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const logLines = (server: SpawnedServer) =>
  server.output
    .join('')
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>]
      } catch {
        return []
      }
    })

/** Words from the demo's plans and health notes that must never travel in a mail. */
const HEALTH_AND_PLAN_WORDS = ['diabète', 'HbA1c', 'Metformine', 'Rétinopathie', 'éducation thérapeutique', 'pilulier', 'Madame', 'Monsieur', 'Yanis', 'AVC', 'isolement']

describe('reminder jobs', () => {
  it('a reminder job interrupted by kill -9 runs once after restart, and the digest received by a real SMTP server lists it without health text', async () => {
    const smtp = await startSmtpServer()
    cleanups.push(() => smtp.close())
    const env = { SMTP_URL: smtp.url, MAIL_FROM: 'Concerto <concerto@test.example>', DIGEST_HOUR: '0', JOBS_INTERVAL_MS: '200', JOBS_LEASE_MS: '1500', DEMO: '1' }

    // First start seeds the demo with jobs off; then only the coordinator keeps the digest, so the one job is theirs.
    const seeding = await startServer({ env: { ...env, JOBS: '0' } })
    cleanups.push(() => seeding.dispose())
    expect(await seeding.stop()).toBe(0)
    await withServerRows(seeding.dataDir, (db) =>
      sql`INSERT INTO user_preferences (user_id, digest, updated_at) SELECT id, 0, 'now' FROM users WHERE email <> 'coordination@demo.test'`.execute(db),
    )

    // The job is claimed (committed), then the process dies before the digest is written.
    const crashed = await startServer({ dataDir: seeding.dataDir, env: { ...env, JOBS_PAUSE_AFTER_CLAIM_MS: '600000' } })
    const claimed = await eventually(() => {
      const line = logLines(crashed).find((l) => l.msg === 'job claimed')
      expect(line).toBeDefined()
      return line!
    }, { timeoutMs: 15_000 })
    await crashed.kill('SIGKILL')
    expect(await withServerRows(crashed.dataDir, (db) => rowsOf(db, sql`SELECT kind, state, attempts FROM jobs WHERE id = ${claimed.id}`))).toEqual([
      { kind: 'digest', state: 'running', attempts: 1 },
    ])
    expect(smtp.mails).toHaveLength(0)

    // After the restart the lease runs out, the job is taken again and runs to its end: one mail.
    const restarted = await startServer({ dataDir: seeding.dataDir, env })
    cleanups.push(async () => void (await restarted.stop()))
    await eventually(() => expect(smtp.mails.length).toBeGreaterThan(0), { timeoutMs: 20_000, intervalMs: 100 })
    // More ticks (200 ms each) must not send it again.
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect(smtp.mails).toHaveLength(1)
    expect(smtp.mails[0]!.to).toEqual(['coordination@demo.test'])
    expect(await restarted.stop()).toBe(0)

    await withServerRows(restarted.dataDir, async (db) => {
      expect(await rowsOf(db, sql`SELECT state, attempts FROM jobs WHERE id = ${claimed.id}`)).toEqual([{ state: 'done', attempts: 2 }])
      expect(await countOf(db, sql`SELECT count(*) FROM jobs WHERE kind = 'digest'`)).toBe(1)
      expect(await rowsOf(db, sql`SELECT delivered FROM reminder_mails`)).toEqual([{ delivered: 'smtp' }])
    })

    const { subject, text, html } = mailParts(smtp.mails[0]!.raw)
    // Madame B's review date has passed: the coordinator's digest says a review waits, and links to "À faire".
    expect(text).toContain('révision du plan à préparer')
    expect(text).toContain(`/#/a-faire`)
    expect(html).toContain('/#/a-faire')
    for (const word of HEALTH_AND_PLAN_WORDS) expect(`${subject}\n${text}\n${html}`).not.toContain(word)
  }, 90_000)

  it('a reminder whose hand-over to SMTP was cut off is kept in the outbox, never sent a second time', async () => {
    const concerto = await createTestApp()
    cleanups.push(() => concerto.dispose())
    const sent: string[] = []
    const jobs = concerto.followUp
    await concerto.followUp.reminderMails.insert({ id: 'r1', jobKey: 'digest:user-medecin:2026-01-01', userId: 'user-medecin', to: 'medecin@demo.test', subject: 'S', text: 'T', html: 'H', link: 'http://x/#/a-faire', createdAt: new Date().toISOString() })
    // The process died after marking the hand-over and before recording its outcome.
    expect(await concerto.followUp.reminderMails.startSending('r1', new Date().toISOString())).toBe(true)
    const originalSend = concerto.mailer.send
    concerto.mailer.send = async (message) => {
      sent.push(message.to)
      return originalSend(message)
    }
    await jobs.jobs.deliver(new Date(Date.now() + HAND_OVER_ABANDONED_MS + 1000))
    expect(sent).toEqual([])
    expect((await concerto.outbox.latest()).map((row) => row.to)).toContain('medecin@demo.test')
    expect(await concerto.followUp.reminderMails.unsent()).toEqual([])
  })

  it('leaves a hand-over another node has just started alone: no second copy in the outbox, the mail still that node’s to finish', async () => {
    const concerto = await createTestApp()
    cleanups.push(() => concerto.dispose())
    const startedAt = new Date()
    await concerto.followUp.reminderMails.insert({ id: 'r2', jobKey: 'digest:user-medecin:2026-01-02', userId: 'user-medecin', to: 'medecin@demo.test', subject: 'S', text: 'T', html: 'H', link: 'http://x/#/a-faire', createdAt: startedAt.toISOString() })
    // Another node won the hand-over and is talking to SMTP.
    expect(await concerto.followUp.reminderMails.startSending('r2', startedAt.toISOString())).toBe(true)
    const outboxBefore = (await concerto.outbox.latest()).length
    await concerto.followUp.jobs.deliver(new Date(startedAt.getTime() + 5_000))
    expect((await concerto.outbox.latest()).length).toBe(outboxBefore)
    expect((await concerto.followUp.reminderMails.unsent()).map((mail) => mail.id)).toEqual(['r2'])
  })
})
