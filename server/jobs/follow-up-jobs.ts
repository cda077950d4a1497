import { nanoid } from 'nanoid'
import { PARIS, todayInParis } from '../../shared/domain/dates.ts'
import type { Logger } from '../log.ts'
import type { Mailer } from '../mail/index.ts'
import type { Db, FollowUpReads, JobRows, OutboxRows, ReminderMailRows, UserPreferenceRows, UserRows } from '../domain/stores.ts'
import { sweepStages, type StageDeps } from '../domain/stage.ts'
import { todoFor, type TodoDeps } from '../domain/todo.ts'
import { createJobRunner } from './runner.ts'
import { digestMail } from './digest.ts'
import type { JobConfig } from './config.ts'

export interface FollowUpJobDeps extends StageDeps, TodoDeps {
  db: Db
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
        const user = deps.users.byId(userId)
        const items = user?.email && !user.deactivatedAt && deps.preferences.digest(userId) ? (await todoFor(deps, userId, run.now)).items : []
        // The mail row and "done" in one commit: a crash before it runs the job again, after it never.
        deps.db.transaction(() => {
          if (items.length > 0) {
            const mail = digestMail(items, todoLink)
            deps.reminderMails.insert({ id: nanoid(12), jobKey: job.key, userId, to: user!.email!, ...mail, link: todoLink, createdAt: run.now.toISOString() })
          }
          run.complete()
        })()
      },
    },
  })
  let runner = makeRunner()

  function scheduleDigests(now: Date): number {
    if (parisHour(now) < config.digestHour) return 0
    const day = todayInParis(now)
    let added = 0
    for (const user of deps.reads.usersWithEmail()) {
      if (!deps.preferences.digest(user.id)) continue
      if (runner.enqueue('digest', `digest:${user.id}:${day}`, now, { userId: user.id }, now)) added++
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
    for (const mail of deps.reminderMails.unsent()) {
      if (mail.sendingAt) {
        deps.db.transaction(() => {
          deps.outbox.insert({ id: `mail-${nanoid(12)}`, createdAt: now.toISOString(), kind: 'reminder', to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, situationId: null, link: mail.link })
          deps.reminderMails.markSent(mail.id, now.toISOString(), 'outbox')
        })()
        deps.log.warn('reminder hand-over was interrupted; kept in the outbox, not resent', { id: mail.id })
        continue
      }
      if (!deps.reminderMails.startSending(mail.id, now.toISOString())) continue
      const result = await deps.mailer.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, kind: 'reminder', link: mail.link })
      deps.reminderMails.markSent(mail.id, new Date().toISOString(), result.delivered)
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
        scheduleDigests(now())
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
