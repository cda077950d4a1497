import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJobRows, type JobRows } from './jobs.ts'
import { TEST_ENGINES, type TestEngine } from './sql/test-engines.ts'

const at = (iso: string) => new Date(iso)
const T0 = '2026-05-01T08:00:00.000Z'

describe.each(TEST_ENGINES)('job rows on %s', (_engine, start) => {
  let engine: TestEngine
  let rows: JobRows
  beforeAll(async () => {
    engine = await start()
    rows = createJobRows(engine.sql)
  })
  afterAll(async () => engine?.close())

  it('keeps one job per key: enqueuing the same key again adds nothing and says so', async () => {
    expect(await rows.enqueue({ id: 'j1', kind: 'digest', key: 'digest:u1:2026-05-01', payload: { userId: 'u1' }, dueAt: T0, createdAt: T0 })).toBe(true)
    expect(await rows.enqueue({ id: 'j1bis', kind: 'digest', key: 'digest:u1:2026-05-01', payload: { userId: 'other' }, dueAt: T0, createdAt: T0 })).toBe(false)
    expect(await rows.byKey('digest:u1:2026-05-01')).toEqual({
      id: 'j1',
      kind: 'digest',
      key: 'digest:u1:2026-05-01',
      payload: { userId: 'u1' },
      dueAt: T0,
      state: 'pending',
      attempts: 0,
      lockedUntil: null,
      doneAt: null,
      lastError: null,
      createdAt: T0,
    })
    expect(await rows.byKey('nope')).toBeUndefined()
  })

  it('adds nothing for a job whose id is already taken, whatever its key', async () => {
    expect(await rows.enqueue({ id: 'j1', kind: 'digest', key: 'another-key', dueAt: T0, createdAt: T0 })).toBe(false)
    expect(await rows.byKey('another-key')).toBeUndefined()
  })

  it('claims nothing before a job is due, then the earliest due job, leased, with its attempt counted', async () => {
    await rows.enqueue({ id: 'j2', kind: 'digest', key: 'k2', dueAt: '2026-05-01T09:00:00.000Z', createdAt: T0 })
    expect(await rows.claim(at('2026-05-01T07:59:59.000Z'), 60_000)).toBeUndefined()
    const claimed = await rows.claim(at('2026-05-01T09:30:00.000Z'), 60_000)
    expect(claimed).toMatchObject({ id: 'j1', state: 'running', attempts: 1, lockedUntil: '2026-05-01T09:31:00.000Z', payload: { userId: 'u1' } })
    expect(typeof claimed!.attempts).toBe('number')
    // j1 is leased: the next claim takes j2, then nothing is left.
    expect(await rows.claim(at('2026-05-01T09:30:00.000Z'), 60_000)).toMatchObject({ id: 'j2', attempts: 1 })
    expect(await rows.claim(at('2026-05-01T09:30:30.000Z'), 60_000)).toBeUndefined()
  })

  it('takes a job again once its lease has run out (a node died mid-run), counting a second attempt', async () => {
    expect(await rows.claim(at('2026-05-01T09:31:00.000Z'), 60_000)).toMatchObject({ id: 'j1', attempts: 2, lockedUntil: '2026-05-01T09:32:00.000Z' })
  })

  it('completes a running job once, and a completed job is never claimed again', async () => {
    expect(await rows.complete('j1', '2026-05-01T09:31:30.000Z')).toBe(true)
    expect(await rows.complete('j1', '2026-05-01T09:31:31.000Z')).toBe(false)
    expect(await rows.byKey('digest:u1:2026-05-01')).toMatchObject({ state: 'done', doneAt: '2026-05-01T09:31:30.000Z', lockedUntil: null })
    expect(await rows.claim(at('2026-06-01T00:00:00.000Z'), 60_000)).toMatchObject({ id: 'j2' })
    expect(await rows.complete('unknown', T0)).toBe(false)
  })

  it('gives a failed run back for later, and marks the job failed after the last attempt', async () => {
    // j2 is running with attempts 2 (claimed twice).
    await rows.release('j2', 'smtp down', '2026-06-01T01:00:00.000Z', 3)
    expect(await rows.byKey('k2')).toMatchObject({ state: 'pending', lastError: 'smtp down', dueAt: '2026-06-01T01:00:00.000Z', lockedUntil: null })
    expect(await rows.claim(at('2026-06-01T00:30:00.000Z'), 60_000)).toBeUndefined()
    expect(await rows.claim(at('2026-06-01T01:00:00.000Z'), 60_000)).toMatchObject({ id: 'j2', attempts: 3 })
    await rows.release('j2', 'smtp still down', '2026-06-01T02:00:00.000Z', 3)
    expect(await rows.byKey('k2')).toMatchObject({ state: 'failed', lastError: 'smtp still down' })
    expect(await rows.claim(at('2027-01-01T00:00:00.000Z'), 60_000)).toBeUndefined()
  })

  it('lists the jobs of a kind in the order they were made', async () => {
    await rows.enqueue({ id: 'j3', kind: 'other', key: 'k3', dueAt: T0, createdAt: '2026-05-02T00:00:00.000Z' })
    expect((await rows.ofKind('digest')).map((job) => [job.id, job.state])).toEqual([
      ['j1', 'done'],
      ['j2', 'failed'],
    ])
    expect((await rows.ofKind('other')).map((job) => job.id)).toEqual(['j3'])
    expect(await rows.ofKind('none')).toEqual([])
  })

  it('gives each due job to exactly one of two nodes claiming at once', async () => {
    const due = '2026-07-01T00:00:00.000Z'
    const ids = Array.from({ length: 40 }, (_, i) => `race-${String(i).padStart(2, '0')}`)
    for (const id of ids) await rows.enqueue({ id, kind: 'race', key: id, dueAt: due, createdAt: due })
    const other = createJobRows(await engine.open())
    const now = at('2026-07-01T00:00:01.000Z')
    // Each node claims until nothing is due, both at the same time.
    const drain = async (node: JobRows) => {
      const taken: string[] = []
      for (;;) {
        const job = await node.claim(now, 600_000)
        if (!job) return taken
        taken.push(job.id)
      }
    }
    // Two claimers per node, so claims overlap within a node as well as across them.
    const runs = await Promise.all([drain(rows), drain(other), drain(rows), drain(other)])
    const all = runs.flat().filter((id) => id.startsWith('race-'))
    expect(all.length).toBe(ids.length)
    expect([...all].sort()).toEqual(ids)
    for (const job of await rows.ofKind('race')) expect(job).toMatchObject({ state: 'running', attempts: 1 })
  })
})
