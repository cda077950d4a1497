import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCoEvaluationRows } from './co-evaluations.ts'
import { createProgressRows } from './progress.ts'
import { createReminderMailRows } from './reminder-mails.ts'
import { createServerState } from './server-state.ts'
import type { SqlDb } from './sql/schema.ts'
import { insertUser, TEST_ENGINES, type TestEngine } from './sql/test-engines.ts'

/** A situation row, as the situations' own module would write it (the progress and co-evaluation rows reference it). */
async function insertSituation(sql: SqlDb, id: string, fields: { territory?: string; level?: number; status?: string; closedAt?: string; createdAt?: string; reviewDate?: string; kind?: string } = {}) {
  await sql
    .insertInto('situations')
    .values({
      id,
      title: id,
      kind: fields.kind ?? 'pps',
      created_at: fields.createdAt ?? '2026-01-01T00:00:00.000Z',
      territory: fields.territory ?? null,
      level: fields.level ?? null,
      status: fields.status ?? 'open',
      closed_at: fields.closedAt ?? null,
      review_date: fields.reviewDate ?? null,
    })
    .execute()
}

const request = (id: string, actionId: string, ownerMemberId: string, requestedAt: string) => ({
  id,
  situationId: 's1',
  actionId,
  ownerMemberId,
  requestedBy: 'u1',
  requestedAt,
  message: '',
})

describe.each(TEST_ENGINES)('follow-up rows on %s', (_engine, start) => {
  let engine: TestEngine
  beforeAll(async () => {
    engine = await start()
    await insertUser(engine.sql, 'u1')
    await insertSituation(engine.sql, 's1')
    await insertSituation(engine.sql, 's2')
  })
  afterAll(async () => engine?.close())

  describe('progress', () => {
    it('finds the open request to a member about an action, and lists a member’s open requests oldest first', async () => {
      const rows = createProgressRows(engine.sql)
      await rows.insertRequest({ ...request('r1', 'a1', 'm1', '2026-02-02T00:00:00.000Z'), message: 'Où en est-on ?' })
      await rows.insertRequest(request('r2', 'a2', 'm1', '2026-02-01T00:00:00.000Z'))
      await rows.insertRequest(request('r3', 'a1', 'm2', '2026-02-03T00:00:00.000Z'))
      expect(await rows.openRequest('s1', 'a1', 'm1')).toEqual({ ...request('r1', 'a1', 'm1', '2026-02-02T00:00:00.000Z'), message: 'Où en est-on ?', answeredAt: null })
      expect(await rows.openRequest('s1', 'a1', 'nobody')).toBeUndefined()
      expect((await rows.openForMember('s1', 'm1')).map((row) => row.id)).toEqual(['r2', 'r1'])
      expect((await rows.requests('s1')).map((row) => row.id)).toEqual(['r2', 'r1', 'r3'])
      expect(await rows.requestById('s1', 'r3')).toMatchObject({ ownerMemberId: 'm2' })
      expect(await rows.requestById('s2', 'r3')).toBeUndefined()
    })

    it('records an answer and closes every open request about that action in the same commit', async () => {
      const rows = createProgressRows(engine.sql)
      const answer = { id: 'p1', situationId: 's1', actionId: 'a1', requestId: 'r1', status: 'underWay' as const, note: 'en cours', userId: 'u1', memberId: 'm1', at: '2026-02-05T00:00:00.000Z' }
      await rows.answer(answer)
      expect(await rows.answers('s1')).toEqual([answer])
      expect((await rows.requests('s1')).map((row) => [row.id, row.answeredAt])).toEqual([
        ['r2', null],
        ['r1', '2026-02-05T00:00:00.000Z'],
        ['r3', '2026-02-05T00:00:00.000Z'],
      ])
      expect(await rows.openRequest('s1', 'a1', 'm1')).toBeUndefined()
    })

    it('leaves the requests open when the answer is refused (an answer id already used)', async () => {
      const rows = createProgressRows(engine.sql)
      await rows.insertRequest(request('r4', 'a2', 'm2', '2026-02-06T00:00:00.000Z'))
      await expect(rows.answer({ id: 'p1', situationId: 's1', actionId: 'a2', requestId: null, status: 'done', note: '', userId: 'u1', memberId: 'm2', at: '2026-02-07T00:00:00.000Z' })).rejects.toThrow()
      expect((await rows.openForMember('s1', 'm2')).map((row) => row.id)).toEqual(['r4'])
    })

    it('refuses a request about a situation that does not exist, a status outside the list, and a request id used twice', async () => {
      const rows = createProgressRows(engine.sql)
      await expect(rows.insertRequest({ ...request('r9', 'a1', 'm1', '2026-02-01T00:00:00.000Z'), situationId: 'nope' })).rejects.toThrow()
      await expect(rows.insertRequest(request('r1', 'a1', 'm1', '2026-02-01T00:00:00.000Z'))).rejects.toThrow()
      await expect(rows.answer({ id: 'p9', situationId: 's1', actionId: 'a1', requestId: null, status: 'finished' as never, note: '', userId: 'u1', memberId: 'm1', at: '2026-02-07T00:00:00.000Z' })).rejects.toThrow()
    })

    it('lists answers oldest first, and by id within the same instant', async () => {
      const rows = createProgressRows(engine.sql)
      const at = '2026-03-01T00:00:00.000Z'
      await rows.answer({ id: 'p3', situationId: 's2', actionId: 'a1', requestId: null, status: 'done', note: '', userId: 'u1', memberId: 'm1', at })
      await rows.answer({ id: 'p2', situationId: 's2', actionId: 'a1', requestId: null, status: 'blocked', note: 'x', userId: 'u1', memberId: 'm1', at })
      await rows.answer({ id: 'p4', situationId: 's2', actionId: 'a1', requestId: null, status: 'underWay', note: '', userId: 'u1', memberId: 'm1', at: '2026-02-01T00:00:00.000Z' })
      expect((await rows.answers('s2')).map((row) => row.id)).toEqual(['p4', 'p2', 'p3'])
    })
  })

  describe('co-evaluations', () => {
    it('reads back each rating as written, oldest first', async () => {
      const rows = createCoEvaluationRows(engine.sql)
      const first = { id: 'c2', situationId: 's1', goalId: 'g1', side: 'circle' as const, rating: 'partly' as const, comment: 'Bien parti', userId: 'u1', memberId: 'm1', at: '2026-03-02T00:00:00.000Z' }
      const second = { ...first, id: 'c1', side: 'person' as const, rating: 'reached' as const, comment: '', at: '2026-03-03T00:00:00.000Z' }
      await rows.insert(second)
      await rows.insert(first)
      expect(await rows.history('s1')).toEqual([first, second])
      expect(await rows.history('s2')).toEqual([])
    })

    it('refuses a rating or a side outside the lists, an unknown situation and an id used twice', async () => {
      const rows = createCoEvaluationRows(engine.sql)
      const row = { id: 'c9', situationId: 's1', goalId: 'g1', side: 'circle' as const, rating: 'partly' as const, comment: '', userId: 'u1', memberId: 'm1', at: '2026-03-02T00:00:00.000Z' }
      await expect(rows.insert({ ...row, rating: 'great' as never })).rejects.toThrow()
      await expect(rows.insert({ ...row, side: 'family' as never })).rejects.toThrow()
      await expect(rows.insert({ ...row, situationId: 'nope' })).rejects.toThrow()
      await expect(rows.insert({ ...row, id: 'c1' })).rejects.toThrow()
      expect(await rows.history('s1')).toHaveLength(2)
    })
  })

  describe('reminder mails', () => {
    const mail = (id: string, jobKey: string, createdAt: string) => ({ id, jobKey, userId: 'u1', to: 'a@b.test', subject: 'S', text: 'T', html: '<p>H</p>', link: 'http://x/#/a-faire', createdAt })

    it('lists unsent mails oldest first, hands each to one sender only, and forgets it once sent', async () => {
      const rows = createReminderMailRows(engine.sql)
      await rows.insert(mail('m2', 'digest:u1:2', '2026-04-02T00:00:00.000Z'))
      await rows.insert(mail('m1', 'digest:u1:1', '2026-04-01T00:00:00.000Z'))
      expect(await rows.unsent()).toEqual([
        { ...mail('m1', 'digest:u1:1', '2026-04-01T00:00:00.000Z'), sendingAt: null, sentAt: null, delivered: null },
        { ...mail('m2', 'digest:u1:2', '2026-04-02T00:00:00.000Z'), sendingAt: null, sentAt: null, delivered: null },
      ])
      expect((await rows.unsent(1)).map((row) => row.id)).toEqual(['m1'])
      const other = createReminderMailRows(await engine.open())
      const wins = await Promise.all([rows.startSending('m1', '2026-04-03T00:00:00.000Z'), other.startSending('m1', '2026-04-03T00:00:00.001Z')])
      expect(wins.filter(Boolean)).toHaveLength(1)
      expect(await rows.startSending('m1', '2026-04-04T00:00:00.000Z')).toBe(false)
      await rows.markSent('m1', '2026-04-03T00:00:01.000Z', 'smtp')
      expect(await rows.startSending('m1', '2026-04-04T00:00:00.000Z')).toBe(false)
      expect((await rows.unsent()).map((row) => row.id)).toEqual(['m2'])
      expect((await rows.ofUser('u1')).map((row) => [row.id, row.delivered])).toEqual([
        ['m1', 'smtp'],
        ['m2', null],
      ])
    })

    it('refuses a second mail for the same job', async () => {
      const rows = createReminderMailRows(engine.sql)
      await expect(rows.insert(mail('m3', 'digest:u1:1', '2026-04-05T00:00:00.000Z'))).rejects.toThrow()
      expect(await rows.ofUser('u1')).toHaveLength(2)
    })

    it('settles an abandoned hand-over for one node only, and never one its sender has finished', async () => {
      const rows = createReminderMailRows(engine.sql)
      const other = createReminderMailRows(await engine.open())
      await rows.insert(mail('a1', 'digest:u1:a1', '2026-04-01T00:00:00.000Z'))
      await rows.insert(mail('a2', 'digest:u1:a2', '2026-04-01T00:00:00.000Z'))
      expect(await rows.startSending('a1', '2026-04-01T01:00:00.000Z')).toBe(true)
      const settled = await Promise.all([rows.settleAbandoned('a1', '2026-04-01T01:00:00.000Z', '2026-04-01T02:00:00.000Z'), other.settleAbandoned('a1', '2026-04-01T01:00:00.000Z', '2026-04-01T02:00:00.000Z')])
      expect(settled.filter(Boolean)).toHaveLength(1)
      expect(await rows.startSending('a2', '2026-04-01T01:00:00.000Z')).toBe(true)
      await rows.markSent('a2', '2026-04-01T01:00:05.000Z', 'smtp')
      expect(await rows.settleAbandoned('a2', '2026-04-01T01:00:00.000Z', '2026-04-01T02:00:00.000Z')).toBe(false)
      expect((await rows.ofUser('u1')).filter((row) => row.id.startsWith('a')).map((row) => [row.id, row.delivered])).toEqual([
        ['a1', 'outbox'],
        ['a2', 'smtp'],
      ])
    })
  })

  describe('server state', () => {
    it('answers null for an unknown key, and a value written twice is the last one', async () => {
      const state = createServerState(engine.sql)
      expect(await state.get('restoredAt')).toBeNull()
      await state.set('restoredAt', '1')
      await state.set('restoredAt', '2')
      expect(await state.get('restoredAt')).toBe('2')
    })

    it('keeps the first value of a key written only if absent, even with two nodes asking at once', async () => {
      const state = createServerState(engine.sql)
      const other = createServerState(await engine.open())
      const [a, b] = await Promise.all([state.initial('emailChangeKey', 'from-a'), other.initial('emailChangeKey', 'from-b')])
      expect(a).toBe(b)
      expect(await state.initial('emailChangeKey', 'later')).toBe(a)
      expect(await other.get('emailChangeKey')).toBe(a)
    })
  })
})
