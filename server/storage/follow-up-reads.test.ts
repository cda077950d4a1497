import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFollowUpReads, type FollowUpReads } from './follow-up-reads.ts'
import { insertUser, TEST_ENGINES, type TestEngine } from './sql/test-engines.ts'

const NOW = '2026-05-01T00:00:00.000Z'

describe.each(TEST_ENGINES)('follow-up reads on %s', (_engine, start) => {
  let engine: TestEngine
  let reads: FollowUpReads
  beforeAll(async () => {
    engine = await start()
    reads = createFollowUpReads(engine.sql)
    const sql = engine.sql
    for (const id of ['u1', 'u2', 'u3', 'u4']) await insertUser(sql, id)
    await sql.updateTable('users').set({ email: 'u1@x.test' }).where('id', '=', 'u1').execute()
    await sql.updateTable('users').set({ email: '' }).where('id', '=', 'u2').execute()
    await sql.updateTable('users').set({ email: 'u3@x.test', deactivated_at: NOW }).where('id', '=', 'u3').execute()
    await sql
      .insertInto('situations')
      .values([
        { id: 'b', title: 'b', kind: 'pps', created_at: NOW, status: 'open' },
        { id: 'a', title: 'a', kind: 'pag', created_at: NOW, status: 'open' },
        { id: 'c', title: 'c', kind: 'pps', created_at: NOW, status: 'closed' },
      ])
      .execute()
    // (A row of several values lists every column: SQLite has no DEFAULT in a VALUES list, so Kysely writes null.)
    // Two versions of `a` made in the same instant: the one with the greater id counts as the latest.
    await sql
      .insertInto('versions')
      .values([
        { id: 'v1', situation_id: 'a', label: 'first', created_at: '2026-01-01T00:00:00.000Z', created_by: 'u1' },
        { id: 'v3', situation_id: 'a', label: 'third', created_at: '2026-02-01T00:00:00.000Z', created_by: 'u1' },
        { id: 'v2', situation_id: 'a', label: 'second', created_at: '2026-02-01T00:00:00.000Z', created_by: 'u1' },
      ])
      .execute()
    const statement = (id: string, versionId: string, status: string, at: string) => ({ id, situation_id: 'a', version_id: versionId, status, user_id: 'u1', member_id: 'm1', at })
    await sql
      .insertInto('agreements')
      .values([statement('g1', 'v3', 'pending', '2026-02-02T00:00:00.000Z'), statement('g2', 'v3', 'agreed', '2026-02-03T00:00:00.000Z'), statement('g3', 'v1', 'notAgreed', '2026-03-01T00:00:00.000Z')])
      .execute()
    const commitment = (id: string, actionId: string, status: string, at: string) => ({ id, situation_id: 'a', action_id: actionId, status, user_id: 'u1', member_id: 'm1', at })
    await sql
      .insertInto('commitments')
      .values([
        commitment('k1', 'x', 'proposed', '2026-02-01T00:00:00.000Z'),
        commitment('k2', 'x', 'accepted', '2026-02-02T00:00:00.000Z'),
        commitment('k3', 'y', 'declined', '2026-02-01T00:00:00.000Z'),
      ])
      .execute()
  })
  afterAll(async () => engine?.close())

  it('lists the open situations by id', async () => {
    expect(await reads.openSituationIds()).toEqual(['a', 'b'])
  })

  it('finds the latest version and the latest statement on it, by id within the same instant', async () => {
    expect(await reads.latestVersion('a')).toEqual({ id: 'v3', createdAt: '2026-02-01T00:00:00.000Z', label: 'third' })
    expect(await reads.latestVersion('b')).toBeUndefined()
    expect(await reads.latestVersionAgreement('a')).toBe('agreed')
    expect(await reads.latestVersionAgreed('a')).toBe(true)
    expect(await reads.latestVersionAgreement('b')).toBeNull()
    expect(await reads.latestVersionAgreed('b')).toBe(false)
  })

  it('gives each action its latest commitment', async () => {
    expect(await reads.commitments('a')).toEqual(
      new Map([
        ['x', 'accepted'],
        ['y', 'declined'],
      ]),
    )
    expect((await reads.commitments('b')).size).toBe(0)
  })

  it('lists the join invitations a user sent that still wait: not used, not revoked, not expired, not a reset', async () => {
    const invitation = (id: string, fields: Record<string, unknown> = {}) => ({
      id,
      token_hash: Buffer.from(id),
      purpose: 'join' as 'join' | 'reset',
      situation_id: 'a',
      role: 'professional',
      name: `name ${id}`,
      created_by: 'u1',
      created_at: '2026-04-01T00:00:00.000Z',
      expires_at: '2026-06-01T00:00:00.000Z',
      ...fields,
    })
    await engine.sql
      .insertInto('invitations')
      .values([
        invitation('i1'),
        invitation('i2', { used_at: NOW }),
        invitation('i3', { revoked_at: NOW }),
        invitation('i4', { expires_at: '2026-04-30T00:00:00.000Z' }),
        invitation('i5', { purpose: 'reset' }),
        invitation('i6', { created_by: 'u2' }),
      ])
      .execute()
    expect(await reads.invitationsSentBy('u1', NOW)).toEqual([{ id: 'i1', situationId: 'a', name: 'name i1', expiresAt: '2026-06-01T00:00:00.000Z', createdAt: '2026-04-01T00:00:00.000Z' }])
  })

  it('lists the projected actions of a plan by due date', async () => {
    const action = (id: string, dueDate: string | null) => ({ situation_id: 'a', action_id: id, goal_id: 'g', title: id, owner: null, due_date: dueDate, status: 'todo', projected_at: NOW })
    await engine.sql.insertInto('plan_actions').values([action('late', '2026-09-01'), action('soon', '2026-03-01')]).execute()
    expect((await reads.actions('a')).map((row) => row.actionId)).toEqual(['soon', 'late'])
    expect(await reads.actions('a')).toContainEqual({ actionId: 'soon', goalId: 'g', title: 'soon', owner: null, dueDate: '2026-03-01', status: 'todo' })
  })

  it('lists the active users with an address', async () => {
    expect(await reads.usersWithEmail()).toEqual([{ id: 'u1', name: 'u1', email: 'u1@x.test' }])
  })

  it('lists the waiting intake requests oldest first, each with the reader’s role in its service', async () => {
    await engine.sql.insertInto('services').values({ id: 'svc', name: 'DAC', kind: 'dac', created_at: NOW }).execute()
    await engine.sql
      .insertInto('service_members')
      .values([
        { service_id: 'svc', user_id: 'u1', role: 'coordinator', added_at: NOW },
        { service_id: 'svc', user_id: 'u4', role: 'intake', added_at: NOW, removed_at: NOW },
      ])
      .execute()
    const intake = (id: string, createdAt: string, status = 'waiting') => ({
      id,
      created_at: createdAt,
      created_by: 'u1',
      status,
      service_id: 'svc',
      requester_kind: 'professional',
      requester_name: 'Dr X',
      person: 'P',
      reason: 'R',
      urgency: 'urgent',
      person_agrees: 'yes',
    })
    await engine.sql.insertInto('requests').values([intake('q2', '2026-04-02T00:00:00.000Z'), intake('q1', '2026-04-01T00:00:00.000Z'), intake('q3', '2026-03-01T00:00:00.000Z', 'accepted')]).execute()
    expect(await reads.waitingRequests('u1')).toEqual([
      { id: 'q1', urgency: 'urgent', createdAt: '2026-04-01T00:00:00.000Z', serviceRole: 'coordinator' },
      { id: 'q2', urgency: 'urgent', createdAt: '2026-04-02T00:00:00.000Z', serviceRole: 'coordinator' },
    ])
    // Removed from the service: no role any more.
    expect((await reads.waitingRequests('u4')).map((row) => row.serviceRole)).toEqual([null, null])
  })
})
