import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFollowUpJobs, type FollowUpJobDeps } from '../../server/jobs/follow-up-jobs.ts'
import { silentLogger } from '../../server/log.ts'
import { createJobRows } from '../../server/storage/jobs.ts'
import { createReminderMailRows } from '../../server/storage/reminder-mails.ts'
import type { SqlDb } from '../../server/storage/sql/schema.ts'
import { TEST_ENGINES, type TestEngine } from '../../server/storage/sql/test-engines.ts'
import { createOutboxRows } from '../../server/storage/outbox.ts'

const NOW = new Date('2026-05-04T08:00:00.000Z')

/**
 * The digest job on the data layer of each engine: its mail row and its
 * completion are one transaction. Only the job's own tables are real here;
 * "À faire" has one intake request waiting for the user, whatever else.
 */
describe.each(TEST_ENGINES)('the digest job on %s', (_engine, start) => {
  let engine: TestEngine
  beforeAll(async () => {
    engine = await start()
  })
  afterAll(async () => engine?.close())

  const jobsWith = (within: (trx: SqlDb) => ReturnType<FollowUpJobDeps['within']>) =>
    createFollowUpJobs({
      sql: engine.sql,
      within,
      jobs: createJobRows(engine.sql),
      reminderMails: createReminderMailRows(engine.sql),
      users: { byId: (id: string) => ({ id, name: id, email: `${id}@x.test`, deactivatedAt: null }) },
      preferences: { digest: () => true },
      situations: { membershipsOfUser: () => [] },
      reads: { invitationsSentBy: async () => [], waitingRequests: async () => [{ id: 'q1', urgency: 'urgent', createdAt: '2026-05-01T00:00:00.000Z', serviceRole: 'coordinator' }] },
      log: silentLogger(),
      linkOrigin: 'https://concerto.test',
    } as unknown as FollowUpJobDeps)

  it('takes the mail back with the job when the job cannot be completed, and writes both once it can', async () => {
    const failing = jobsWith((trx) => ({
      reminderMails: createReminderMailRows(trx),
      jobs: { ...createJobRows(trx), complete: async () => Promise.reject(new Error('connection lost at commit')) },
      outbox: createOutboxRows(trx),
    }))
    await failing.runner.enqueue('digest', 'digest:u1:2026-05-04', NOW, { userId: 'u1' }, NOW)
    expect(await failing.runner.runDue(() => NOW)).toBe(0)
    expect(await createReminderMailRows(engine.sql).ofUser('u1')).toEqual([])
    expect(await createJobRows(engine.sql).byKey('digest:u1:2026-05-04')).toMatchObject({ state: 'pending', attempts: 1, lastError: 'connection lost at commit' })

    const working = jobsWith((trx) => ({ reminderMails: createReminderMailRows(trx), jobs: createJobRows(trx), outbox: createOutboxRows(trx) }))
    const retryAt = new Date(NOW.getTime() + 3_600_000)
    expect(await working.runner.runDue(() => retryAt)).toBe(1)
    const mails = await createReminderMailRows(engine.sql).ofUser('u1')
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatchObject({ jobKey: 'digest:u1:2026-05-04', to: 'u1@x.test', link: 'https://concerto.test/#/a-faire', sentAt: null })
    expect(mails[0]!.text).toContain('1 demande en attente')
    expect(await createJobRows(engine.sql).byKey('digest:u1:2026-05-04')).toMatchObject({ state: 'done', attempts: 2 })
    // Done: another pass finds nothing to run and writes no second mail.
    expect(await working.runner.runDue(() => new Date(retryAt.getTime() + 60_000))).toBe(0)
    expect(await createReminderMailRows(engine.sql).ofUser('u1')).toHaveLength(1)
  })
})
