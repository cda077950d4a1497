import { sql as raw } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuditRows } from './audit.ts'
import { createClientBindingRows } from './client-bindings.ts'
import { createMeetingRows, type MeetingRow } from './meetings.ts'
import { createPlanActionRows } from './plan-actions.ts'
import { createRecordRows } from './records.ts'
import { createVersionRows, type VersionRow } from './versions.ts'
import type { SqlDb } from './sql/schema.ts'
import { TEST_ENGINES, type TestEngine } from './sql/test-engines.ts'
import type { DocumentStore } from './updates.ts'
import { persistExtension } from '../extensions/persist.ts'
import { silentLogger } from '../log.ts'
import type { UpdatePayload } from '../sync/extension.ts'

/** A situation row, written with the SQL both engines share (situations have not moved to the data layer yet). */
async function insertSituation(db: SqlDb, id: string, title = id): Promise<void> {
  await raw`INSERT INTO situations (id, title, kind, created_at) VALUES (${id}, ${title}, ${'ppcs'}, ${new Date().toISOString()})`.execute(db)
}

const bytes = (...values: number[]) => new Uint8Array(values)

const version = (id: string, createdAt: string, situationId = 's1'): VersionRow => ({
  id,
  situationId,
  label: `v ${id}`,
  createdAt,
  createdBy: 'u1',
  meetingId: null,
  context: null,
})

const meeting = (id: string, startsAt: string): MeetingRow => ({
  id,
  situationId: 's1',
  kind: 'gos',
  title: `m ${id}`,
  startsAt,
  place: 'salle',
  convenerUserId: 'u1',
  invitees: [{ memberId: 'm1', name: 'Anne' }],
  agenda: [{ title: 'Le plan', target: null }],
  status: 'planned',
  startedAt: null,
  endedAt: null,
  endVersionId: null,
  reviewDate: null,
  nextMeeting: null,
  minutesNotes: '',
  publishedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'u1',
})

describe.each(TEST_ENGINES)('record rows on %s', (_engine, start) => {
  let engine: TestEngine
  beforeAll(async () => {
    engine = await start()
    for (const id of ['s1', 's2']) await insertSituation(engine.sql, id, `Situation ${id}`)
  })
  afterAll(async () => engine?.close())

  describe('versions', () => {
    it('reads a version back with its parts, newest first and, within one millisecond, the later one first', async () => {
      const rows = createVersionRows(engine.sql)
      const at = '2026-02-01T10:00:00.000Z'
      await rows.insert(version('va', at), { plan: bytes(1, 2, 3), person: bytes(4) })
      await rows.insert(version('vb', at), { plan: bytes(5) })
      await rows.insert(version('vc', '2026-01-01T10:00:00.000Z'), {})
      expect((await rows.list('s1')).map((row) => row.id)).toEqual(['vb', 'va', 'vc'])
      expect(await rows.byId('s1', 'va')).toEqual(version('va', at))
      expect(await rows.byId('s2', 'va')).toBeUndefined()
      const parts = await rows.parts('va')
      expect(Object.keys(parts).sort()).toEqual(['person', 'plan'])
      expect([...parts.plan!]).toEqual([1, 2, 3])
    })

    it('leaves no version row when its parts fail to insert (one transaction)', async () => {
      const rows = createVersionRows(engine.sql)
      // The parts' table out of the way: the version row goes in, its parts cannot.
      await raw`ALTER TABLE version_parts RENAME TO version_parts_away`.execute(engine.sql)
      try {
        await expect(rows.insert(version('vd', '2026-03-01T00:00:00.000Z'), { plan: bytes(9) })).rejects.toThrow()
      } finally {
        await raw`ALTER TABLE version_parts_away RENAME TO version_parts`.execute(engine.sql)
      }
      expect(await rows.byId('s1', 'vd')).toBeUndefined()
      await rows.insert(version('vd', '2026-03-01T00:00:00.000Z'), { plan: bytes(9) })
      expect([...(await rows.parts('vd')).plan!]).toEqual([9])
    })

    it('refuses a second version with the same id, and a version of an unknown situation', async () => {
      const rows = createVersionRows(engine.sql)
      await expect(rows.insert(version('va', '2026-05-01T00:00:00.000Z'), {})).rejects.toThrow()
      await expect(rows.insert(version('vz', '2026-05-01T00:00:00.000Z', 'nowhere'), {})).rejects.toThrow()
    })

    it('refuses a part whose stored bytes no longer match their checksum', async () => {
      const rows = createVersionRows(engine.sql)
      await rows.insert(version('vf', '2026-04-01T00:00:00.000Z'), { plan: bytes(1, 2) })
      await engine.sql.updateTable('version_parts').set({ checksum: 1 }).where('version_id', '=', 'vf').execute()
      await expect(rows.parts('vf')).rejects.toThrow('fails its checksum')
    })
  })
})

describe.each(TEST_ENGINES)('meeting, record, audit and plan-action rows on %s', (_engine, start) => {
  let engine: TestEngine
  beforeAll(async () => {
    engine = await start()
    for (const id of ['s1', 's2']) await insertSituation(engine.sql, id, `Situation ${id}`)
    await createVersionRows(engine.sql).insert(version('v1', '2026-01-01T00:00:00.000Z'), {})
  })
  afterAll(async () => engine?.close())

  it('reads meetings back with their lists, by start date, and writes what a meeting’s life changes', async () => {
    const rows = createMeetingRows(engine.sql)
    await rows.insert(meeting('m1', '2026-02-01T09:00:00.000Z'))
    await rows.insert(meeting('m2', '2026-03-01T09:00:00.000Z'))
    expect((await rows.list('s1')).map((row) => row.id)).toEqual(['m2', 'm1'])
    expect(await rows.byId('s1', 'm1')).toEqual({ ...meeting('m1', '2026-02-01T09:00:00.000Z'), context: null })
    expect(await rows.byId('s2', 'm1')).toBeUndefined()
    await rows.update({ ...meeting('m1', '2026-02-01T09:00:00.000Z'), status: 'started', startedAt: '2026-02-01T09:05:00.000Z', title: 'not written' })
    expect((await rows.startedIn('s1')).map((row) => [row.id, row.startedAt, row.title])).toEqual([['m1', '2026-02-01T09:05:00.000Z', 'm m1']])
    await expect(rows.insert(meeting('m1', '2026-02-01T09:00:00.000Z'))).rejects.toThrow()
    await expect(rows.insert({ ...meeting('m3', '2026-02-01T09:00:00.000Z'), kind: 'other' as MeetingRow['kind'] })).rejects.toThrow()
  })

  it('keeps one start snapshot per part, the latest save replacing the earlier one', async () => {
    const rows = createMeetingRows(engine.sql)
    expect(await rows.snapshot('m1', 'plan')).toBeNull()
    await rows.saveSnapshot('m1', 'plan', bytes(1))
    await rows.saveSnapshot('m1', 'plan', bytes(2, 3))
    expect([...(await rows.snapshot('m1', 'plan'))!]).toEqual([2, 3])
  })

  it('lets a server-seen attendance replace a manual one, never the other way round', async () => {
    const rows = createMeetingRows(engine.sql)
    const base = { meetingId: 'm1', attendeeKey: 'k1', memberId: 'm-1', name: 'Anne', recordedBy: null }
    await rows.recordAttendance({ ...base, mode: 'phone', source: 'manual', at: '2026-02-01T09:01:00.000Z', recordedBy: 'u1' })
    await rows.recordAttendance({ ...base, mode: 'connected', source: 'server', at: '2026-02-01T09:02:00.000Z' })
    await rows.recordAttendance({ ...base, mode: 'absent', source: 'manual', at: '2026-02-01T09:03:00.000Z', recordedBy: 'u1' })
    await rows.recordAttendance({ meetingId: 'm1', attendeeKey: 'guest:paul', memberId: null, name: 'Paul', mode: 'room', source: 'manual', at: '2026-02-01T09:00:00.000Z', recordedBy: 'u1' })
    expect((await rows.attendance('m1')).map((row) => [row.attendeeKey, row.mode, row.source])).toEqual([
      ['guest:paul', 'room', 'manual'],
      ['k1', 'connected', 'server'],
    ])
  })

  it('answers the latest agreement per version and commitment per action, the later of one millisecond winning', async () => {
    const rows = createRecordRows(engine.sql)
    const at = '2026-02-02T10:00:00.000Z'
    const agreement = { situationId: 's1', versionId: 'v1', comment: '', userId: 'u1', memberId: 'm-1', at }
    await rows.insertAgreement({ ...agreement, id: 'a1', status: 'agreed' })
    await rows.insertAgreement({ ...agreement, id: 'a0', status: 'notAgreed' })
    expect((await rows.agreements('s1')).get('v1')?.id).toBe('a0')
    expect((await rows.agreements('s2')).size).toBe(0)
    const commitment = { situationId: 's1', actionId: 'act-1', comment: 'ok', userId: 'u1', memberId: 'm-1', at }
    await rows.insertCommitment({ ...commitment, id: 'c2', status: 'proposed' })
    await rows.insertCommitment({ ...commitment, id: 'c1', status: 'accepted' })
    expect((await rows.commitments('s1')).get('act-1')?.status).toBe('accepted')
    expect((await rows.commitmentHistory('s1')).map((row) => row.id)).toEqual(['c2', 'c1'])
    await expect(rows.insertAgreement({ ...agreement, id: 'a2', status: 'maybe' as 'agreed' })).rejects.toThrow()
    await expect(rows.insertAgreement({ ...agreement, id: 'a3', versionId: 'no-such-version', status: 'agreed' })).rejects.toThrow()
  })

  it('keeps the later of one millisecond in force after the earlier row is rewritten on disk (a PostgreSQL UPDATE moves a row)', async () => {
    const records = createRecordRows(engine.sql)
    const versions = createVersionRows(engine.sql)
    const at = '2026-03-03T10:00:00.000Z'
    const agreement = { situationId: 's1', versionId: 'v1', comment: '', userId: 'u1', memberId: 'm-1', at }
    await records.insertAgreement({ ...agreement, id: 'x1', status: 'agreed' })
    await records.insertAgreement({ ...agreement, id: 'x0', status: 'notAgreed' })
    await versions.insert(version('vy', at), {})
    await versions.insert(version('vx', at), {})
    // A maintenance UPDATE (or CLUSTER, or a reused page) puts the earlier rows after the later ones on disk.
    await raw`UPDATE agreements SET comment = comment WHERE id = ${'x1'}`.execute(engine.sql)
    await raw`UPDATE versions SET label = label WHERE id = ${'vy'}`.execute(engine.sql)
    expect((await records.agreements('s1')).get('v1')?.id).toBe('x0')
    expect((await versions.list('s1')).slice(0, 2).map((row) => row.id)).toEqual(['vx', 'vy'])
  })

  it('stores timeline events with their part, clinical by default for a hospitalisation, by date', async () => {
    const rows = createRecordRows(engine.sql)
    const event = { situationId: 's1', title: 't', detail: '', createdBy: 'u1', createdAt: '2026-01-01T00:00:00.000Z' }
    await rows.insertEvent({ ...event, id: 'e2', date: '2026-02-01', kind: 'hospitalisation' })
    await rows.insertEvent({ ...event, id: 'e1', date: '2026-01-01', kind: 'event' })
    expect((await rows.events('s1')).map((row) => [row.id, row.part])).toEqual([
      ['e1', 'plan'],
      ['e2', 'health'],
    ])
    await expect(rows.insertEvent({ ...event, id: 'e1', date: '2026-01-01', kind: 'event' })).rejects.toThrow()
  })

  it('appends audit rows with their detail and lists a situation’s or a user’s newest first, up to a limit', async () => {
    const rows = createAuditRows(engine.sql)
    await rows.append({ situationId: 's1', userId: 'u1', action: 'a.first', detail: { n: 1 } }, new Date('2026-01-01T00:00:00.000Z'))
    await rows.append({ situationId: 's1', userId: 'u2', action: 'a.second', target: 'x', address: '10.0.0.1' })
    await rows.append({ situationId: null, userId: 'u1', action: 'login' })
    const trail = await rows.forSituation('s1')
    expect(trail.map((row) => row.action)).toEqual(['a.second', 'a.first'])
    expect(trail[1]).toMatchObject({ at: '2026-01-01T00:00:00.000Z', detail: { n: 1 }, target: null, address: null })
    expect(typeof trail[0]!.id).toBe('number')
    expect((await rows.forUser('u1', 1)).map((row) => row.action)).toEqual(['login'])
  })

  it('replaces a situation’s actions whole and finds them by owner with the situation’s title', async () => {
    const rows = createPlanActionRows(engine.sql)
    const action = { goalId: 'g1', title: 'Aide', owner: 'm-1', dueDate: null, status: 'todo' }
    await rows.replace('s1', [{ ...action, actionId: 'a1' }, { ...action, actionId: 'a2', owner: 'Mairie' }, { ...action, actionId: 'a3', owner: null }])
    await rows.replace('s2', [{ ...action, actionId: 'b1' }])
    expect((await rows.forOwners('s1', ['m-1', 'Mairie'])).map((row) => [row.actionId, row.situationTitle]).sort()).toEqual([
      ['a1', 'Situation s1'],
      ['a2', 'Situation s1'],
    ])
    expect(await rows.forOwners('s1', [])).toEqual([])
    await rows.replace('s1', [{ ...action, actionId: 'a4' }])
    expect(await rows.forAction('s1', 'a1')).toBeUndefined()
    expect(await rows.forAction('s1', 'a4')).toMatchObject({ situationId: 's1', actionId: 'a4', title: 'Aide' })
    expect((await rows.forOwners('s2', ['m-1'])).map((row) => row.actionId)).toEqual(['b1'])
  })

  it('keeps the previous actions when a replacement fails (one transaction)', async () => {
    const rows = createPlanActionRows(engine.sql)
    const action = { goalId: null, title: 'Aide', owner: 'm-1', dueDate: null, status: 'todo' }
    // The same action twice breaks the primary key after the delete ran.
    await expect(rows.replace('s1', [{ ...action, actionId: 'x' }, { ...action, actionId: 'x' }])).rejects.toThrow()
    expect((await rows.forOwners('s1', ['m-1'])).map((row) => row.actionId)).toEqual(['a4'])
  })
})

describe.each(TEST_ENGINES)('client bindings on %s', (_engine, start) => {
  let engine: TestEngine
  const key = { situationId: 's1', part: 'plan' } as const
  beforeAll(async () => {
    engine = await start()
  })
  afterAll(async () => engine?.close())

  const payload = (newClients: number[], update = bytes(newClients.length)): UpdatePayload =>
    ({ documentKey: key, documentName: 's1/plan', newClients: new Map(newClients.map((id) => [id, 1])), update }) as unknown as UpdatePayload

  it('answers from memory once loaded, keeps the first owner of an id, and survives a reload from storage', async () => {
    const bindings = createClientBindingRows(engine.sql)
    expect(() => bindings.owner(key, 1)).toThrow('not loaded')
    await bindings.load(key)
    expect(bindings.bind(key, 1, 'u1')).toBe('u1')
    expect(bindings.bind(key, 1, 'u2')).toBe('u1')
    expect(bindings.owner(key, 1)).toBe('u1')
    await bindings.stored(key, [1])
    expect(await bindings.bindStored({ situationId: 's1', part: 'person' }, 2, 'server')).toBe('server')
    const other = createClientBindingRows(engine.sql)
    await other.load(key)
    expect(other.owner(key, 1)).toBe('u1')
    expect([...(await other.forDoc({ situationId: 's1', part: 'person' }))]).toEqual([[2, 'server']])
    bindings.forget(key)
    expect(() => bindings.owner(key, 1)).toThrow('not loaded')
  })

  it('appends an update only once the binding it came with is stored, in arrival order', async () => {
    const bindings = createClientBindingRows(engine.sql)
    await bindings.load(key)
    // Client 1 was bound and stored before: its updates bring no new binding.
    await bindings.bindStored(key, 1, 'u1')
    const appended: { update: number; bound: boolean }[] = []
    const store = {
      async append(_key: unknown, update: Uint8Array) {
        const row = await engine.sql.selectFrom('client_bindings').select('user_id').where('doc', '=', 's1/plan').where('client_id', '=', 10).executeTakeFirst()
        appended.push({ update: update[0]!, bound: row !== undefined })
        return appended.length
      },
    } as unknown as DocumentStore
    const persist = persistExtension({ store, log: silentLogger(), bindings })
    bindings.bind(key, 10, 'u1')
    const first = persist.onStoreUpdate!(payload([10], bytes(1)))
    // An update with no new binding, after the first: it waits its turn.
    const second = persist.onStoreUpdate!(payload([1], bytes(2)))
    await Promise.all([first, second])
    expect(appended).toEqual([
      { update: 1, bound: true },
      { update: 2, bound: true },
    ])
  })

  it('refuses an update whose binding cannot be stored, forgets that binding, and lets later updates through', async () => {
    const bindings = createClientBindingRows(engine.sql)
    await bindings.load(key)
    const appended: number[] = []
    const store = { append: async (_key: unknown, update: Uint8Array) => appended.push(update[0]!) } as unknown as DocumentStore
    const persist = persistExtension({ store, log: silentLogger(), bindings })
    await raw`ALTER TABLE client_bindings RENAME TO client_bindings_away`.execute(engine.sql)
    let refused: Promise<void>
    try {
      bindings.bind(key, 20, 'u2')
      refused = persist.onStoreUpdate!(payload([20], bytes(1))) as Promise<void>
      await expect(refused).rejects.toThrow()
    } finally {
      await raw`ALTER TABLE client_bindings_away RENAME TO client_bindings`.execute(engine.sql)
    }
    expect(appended).toEqual([])
    expect(bindings.owner(key, 20)).toBeUndefined()
    await persist.onStoreUpdate!(payload([1], bytes(2)))
    expect(appended).toEqual([2])
    // Never bound at all: refused too.
    await expect(persist.onStoreUpdate!(payload([30], bytes(3)))).rejects.toThrow('not bound')
  })
})
