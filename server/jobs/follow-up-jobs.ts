import { nanoid } from 'nanoid'
import { PARIS, todayInParis } from '../../shared/domain/dates.ts'
import type { Logger } from '../log.ts'
import type { Mailer } from '../mail/index.ts'
import type { FollowUpReads, JobRows, OutboxRows, ReminderMailRows, SqlDb, UserPreferenceRows, UserRows } from '../domain/stores.ts'
import { sweepStages, type StageDeps } from '../domain/stage.ts'
import { todoFor, type TodoDeps } from '../domain/todo.ts'
import { createJobRunner } from './runner.ts'
import { digestMail } from './digest.ts'
import type { JobConfig } from './config.ts'

export interface FollowUpJobDeps extends StageDeps, TodoDeps {
  sql: SqlDb
  /** The jobs', reminder mails' and outbox's rows over a transaction's handle (built in app.ts: jobs never import storage). */
  within: (trx: SqlDb) => { jobs: JobRows; reminderMails: ReminderMailRows; outbox: OutboxRows }
  jobs: JobRows
  reads: FollowUpReads
  users: UserRows
  preferences: UserPreferenceRows
  reminderMails: ReminderMailRows
  outbox: OutboxRows
  mailer: Mailer
  log: Logger
  /** Where the links in mails point (PUBLIC_ORIGIN, or the server's own address). */
  linkOrigin: string
}

/**
 * How long a started hand-over to SMTP may still be running: nodemailer's
 * own limits (2 min to connect, 30 s for the greeting, 10 min of socket
 * silence) with a margin. Older than this, the sender died mid-send.
 */
export const HAND_OVER_ABANDONED_MS = 15 * 60_000

const parisHour = (now: Date): number => Number(new Intl.DateTimeFormat('en-GB', { timeZone: PARIS, hour: '2-digit', hourCycle: 'h23' }).format(now))

/**
 * The follow-up that runs itself: on each tick, the stage rules on dates
 * (plans due for review), one digest job per user and day (from
 * `digestHour`, Paris time; key `digest:<user>:<day>` so a tick, a second
 * process or a restart never makes two), the due jobs run, and the
 * reminder mails handed to the mail layer once.
 */
export function createFollowUpJobs(deps: FollowUpJobDeps, given: Partial<Pick<JobConfig, 'leaseMs' | 'digestHour' | 'pauseAfterClaimMs'>> = {}) {
  const todoLink = `${deps.linkOrigin}/#/a-faire`
  const config = { leaseMs: 120_000, digestHour: 7, pauseAfterClaimMs: 0, ...given }
  const makeRunner = () => createJobRunner({
    jobs: deps.jobs,
    log: deps.log,
    leaseMs: config.leaseMs,
    pauseAfterClaimMs: config.pauseAfterClaimMs,
    handlers: {
      async digest(job, run) {
        const userId = String(job.payload.userId ?? '')
        const user = await deps.users.byId(userId)
        const items = user?.email && !user.deactivatedAt && (await deps.preferences.digest(userId)) ? (await todoFor(deps, userId, run.now)).items : []
        // Composed before the transaction: its body awaits only its own queries (on SQLite it holds the one connection).
        const mail = items.length > 0 ? digestMail(items, todoLink) : null
        // The mail row and "done" in one commit: a crash before it runs the job again, after it never.
        await deps.sql.transaction().execute(async (trx) => {
          const rows = deps.within(trx)
          if (mail) await rows.reminderMails.insert({ id: nanoid(12), jobKey: job.key, userId, to: user!.email!, ...mail, link: todoLink, createdAt: run.now.toISOString() })
          await run.complete(rows.jobs)
        })
      },
    },
  })
  let runner = makeRunner()

  async function scheduleDigests(now: Date): Promise<number> {
    if (parisHour(now) < config.digestHour) return 0
    const day = todayInParis(now)
    let added = 0
    for (const user of await deps.reads.usersWithEmail()) {
      if (!(await deps.preferences.digest(user.id))) continue
      if (await runner.enqueue('digest', `digest:${user.id}:${day}`, now, { userId: user.id }, now)) added++
    }
    return added
  }

  /**
   * Hands each written reminder to the mail layer once. `startSending` is
   * committed before the hand-over: a mail whose hand-over was cut by a
   * crash is not given to SMTP again but kept in the outbox (never twice,
   * never lost).
   */
  async function deliver(now = new Date()): Promise<number> {
    let sent = 0
    for (const mail of await deps.reminderMails.unsent()) {
      if (mail.sendingAt) {
        // A recent hand-over may be in progress on another node (every node
        // runs the jobs): only one older than any SMTP attempt can last was cut.
        if (now.getTime() - Date.parse(mail.sendingAt) < HAND_OVER_ABANDONED_MS) continue
        const moved = await deps.sql.transaction().execute(async (trx) => {
          const rows = deps.within(trx)
          if (!(await rows.reminderMails.settleAbandoned(mail.id, mail.sendingAt!, now.toISOString()))) return false
          await rows.outbox.insert({ id: `mail-${nanoid(12)}`, createdAt: now.toISOString(), kind: 'reminder', to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, situationId: null, link: mail.link })
          return true
        })
        if (moved) deps.log.warn('reminder hand-over was interrupted; kept in the outbox, not resent', { id: mail.id })
        continue
      }
      if (!(await deps.reminderMails.startSending(mail.id, now.toISOString()))) continue
      const result = await deps.mailer.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, kind: 'reminder', link: mail.link })
      await deps.reminderMails.markSent(mail.id, new Date().toISOString(), result.delivered)
      sent++
    }
    return sent
  }

  let running: Promise<void> | null = null
  /** One pass; passes never overlap. */
  function tick(now = () => new Date()): Promise<void> {
    running ??= (async () => {
      try {
        const moves = await sweepStages(deps, now())
        if (moves.length) deps.log.info('plans moved by the date rules', { count: moves.length })
        await scheduleDigests(now())
        await runner.runDue(now)
        await deliver(now())
      } catch (error) {
        deps.log.error('follow-up tick failed', { error: (error as Error).message })
      } finally {
        running = null
      }
    })()
    return running
  }

  let timer: NodeJS.Timeout | null = null
  return {
    tick,
    scheduleDigests,
    deliver,
    get runner() {
      return runner
    },
    /** Starts the periodic ticks (first one at once) with the process's settings (server/jobs/config.ts). */
    start(settings: Pick<JobConfig, 'intervalMs' | 'leaseMs' | 'digestHour' | 'pauseAfterClaimMs'>) {
      if (timer) return
      Object.assign(config, { leaseMs: settings.leaseMs, digestHour: settings.digestHour, pauseAfterClaimMs: settings.pauseAfterClaimMs })
      runner = makeRunner()
      const intervalMs = settings.intervalMs
      void tick()
      timer = setInterval(() => void tick(), intervalMs)
      timer.unref()
    },
    /** Stops the ticks; waits for a pass in progress at most `graceMs` (a slow SMTP server must not hold the shutdown past its 10 s). */
    async stop(graceMs = 2_000) {
      if (timer) clearInterval(timer)
      timer = null
      if (running) await Promise.race([running, new Promise((resolve) => setTimeout(resolve, graceMs).unref())])
    },
  }
}
export type FollowUpJobs = ReturnType<typeof createFollowUpJobs>
