import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDb } from './sql/schema.ts'
import { TEST_ENGINES, type TestEngine } from './sql/test-engines.ts'
import { createTerritoryDashboardRows } from './territory-dashboard.ts'
import { createTerritoryNeedRows } from './territory-needs.ts'

async function insertSituation(sql: SqlDb, id: string, fields: { territory: string; kind?: string; level?: number | null; status?: string; closedAt?: string; createdAt?: string; reviewDate?: string; erasedAt?: string }) {
  await sql
    .insertInto('situations')
    .values({
      id,
      title: id,
      kind: fields.kind ?? 'pps',
      created_at: fields.createdAt ?? '2026-01-01T00:00:00.000Z',
      territory: fields.territory,
      level: fields.level ?? null,
      status: fields.status ?? 'open',
      closed_at: fields.closedAt ?? null,
      review_date: fields.reviewDate ?? null,
      erased_at: fields.erasedAt ?? null,
    })
    .execute()
}

const event = (id: string, situationId: string, kind: string, date: string) => ({ id, situation_id: situationId, date, kind, title: 'x', created_by: 'u1', created_at: `${date}T00:00:00.000Z` })
const need = (rowId: string, needCode: string, missingSince: string, missingAnswer: 'waitingList' | null = null) => ({ rowId, needCode, missingAnswer, missingSince })

describe.each(TEST_ENGINES)('territory rows on %s', (_engine, start) => {
  let engine: TestEngine
  beforeAll(async () => {
    engine = await start()
    // Indre-et-Loire (37): three open, one closed in the period, one closed before it, one erased, one opened after it; and one in Cher (18).
    await insertSituation(engine.sql, 's1', { territory: '37261', kind: 'pps', level: 2, reviewDate: '2026-03-01' })
    await insertSituation(engine.sql, 's2', { territory: '37261', kind: 'pps', level: 2, reviewDate: '2026-09-01' })
    await insertSituation(engine.sql, 's3', { territory: '37050', kind: 'pag', level: null })
    await insertSituation(engine.sql, 's4', { territory: '37050', kind: 'pag', level: 3, status: 'closed', closedAt: '2026-04-10T00:00:00.000Z', reviewDate: '2026-01-01' })
    await insertSituation(engine.sql, 's5', { territory: '37050', kind: 'pag', level: 3, status: 'closed', closedAt: '2026-02-01T00:00:00.000Z' })
    await insertSituation(engine.sql, 's6', { territory: '37261', kind: 'pps', level: 2, erasedAt: '2026-04-01T00:00:00.000Z', status: 'closed', closedAt: '2026-04-01T00:00:00.000Z' })
    await insertSituation(engine.sql, 's7', { territory: '37261', kind: 'pps', level: 2, createdAt: '2026-07-01T00:00:00.000Z' })
    await insertSituation(engine.sql, 's8', { territory: '18033', kind: 'pps', level: 2 })
  })
  afterAll(async () => engine?.close())

  it('replaces a situation’s needs whole, keeping one row for a need coded twice on a row', async () => {
    const rows = createTerritoryNeedRows(engine.sql)
    await rows.replace('s1', [need('u1', '1.3.3.2', '2026-01-10'), need('u1', '1.3.3.2', '2026-01-10'), need('u0', '2.1', '2026-05-01', 'waitingList')], [{ domain: 'health', needCode: '1.1' }])
    expect(await rows.unmetOf('s1')).toEqual([need('u0', '2.1', '2026-05-01', 'waitingList'), need('u1', '1.3.3.2', '2026-01-10')])
    await rows.replace('s1', [need('u2', '1.3.3.2', '2026-02-01')], [])
    expect(await rows.unmetOf('s1')).toEqual([need('u2', '1.3.3.2', '2026-02-01')])
    const assessment = await engine.sql.selectFrom('assessment_needs').select('need_code').where('situation_id', '=', 's1').execute()
    expect(assessment).toEqual([])
    await rows.replace('s1', [], [])
    expect(await rows.unmetOf('s1')).toEqual([])
  })

  it('refuses needs of a situation that does not exist, and leaves the previous projection in place', async () => {
    const rows = createTerritoryNeedRows(engine.sql)
    await expect(rows.replace('nope', [need('u1', '1.1', '2026-01-01')], [])).rejects.toThrow()
    await rows.replace('s2', [need('u1', '1.1', '2026-01-01')], [])
    // The insert fails after the delete: the transaction takes the delete back with it.
    await expect(rows.replace('s2', [need('u9', '1.2', '2026-01-01')], [{ domain: 'health', needCode: null as never }])).rejects.toThrow()
    expect(await rows.unmetOf('s2')).toEqual([need('u1', '1.1', '2026-01-01')])
  })

  it('counts the département’s situations active in the period by kind, level and commune, with the reviews overdue', async () => {
    const dashboard = createTerritoryDashboardRows(engine.sql)
    const query = { departement: '37', from: '2026-03-01', to: '2026-06-30', kind: null, level: null, today: '2026-05-15' }
    const counts = (await dashboard.situations(query)).sort((a, b) => `${a.kind}${a.territory}${a.level ?? 0}`.localeCompare(`${b.kind}${b.territory}${b.level ?? 0}`))
    expect(counts).toEqual([
      { kind: 'pag', level: null, territory: '37050', n: 1, overdue: 0 },
      // s4 was closed during the period: counted as active, its review no longer overdue.
      { kind: 'pag', level: 3, territory: '37050', n: 1, overdue: 0 },
      { kind: 'pps', level: 2, territory: '37261', n: 2, overdue: 1 },
    ])
    expect(await dashboard.situations({ ...query, kind: 'pag', level: 3 })).toEqual([{ kind: 'pag', level: 3, territory: '37050', n: 1, overdue: 0 }])
    expect(await dashboard.situations({ ...query, departement: '18' })).toEqual([{ kind: 'pps', level: 2, territory: '18033', n: 1, overdue: 0 }])
  })

  it('gives each need missing by the end of the period with a number per situation, never its id', async () => {
    const needs = createTerritoryNeedRows(engine.sql)
    await needs.replace('s1', [need('a', '1.1', '2026-01-10'), need('b', '1.2', '2026-06-01', 'waitingList'), need('c', '1.3', '2026-08-01')], [])
    await needs.replace('s3', [need('a', '1.1', '2026-03-10')], [])
    await needs.replace('s6', [need('a', '1.1', '2026-01-10')], [])
    await needs.replace('s8', [need('a', '1.1', '2026-01-10')], [])
    const dashboard = createTerritoryDashboardRows(engine.sql)
    const rows = await dashboard.needs({ departement: '37', from: '2026-03-01', to: '2026-06-30', kind: null, level: null, today: '2026-05-15' })
    expect(rows).toHaveLength(4)
    expect(new Set(rows.map(([situation]) => situation)).size).toBe(3)
    const bySituation = new Map<number, string[]>()
    for (const [situation, territory, code, answer, since] of rows) {
      expect(typeof situation).toBe('number')
      bySituation.set(situation, [...(bySituation.get(situation) ?? []), `${territory} ${code} ${answer} ${since}`])
    }
    // s1 (two needs missing by the end of June), s2 (from the test before) and s3; s6 erased, s8 in another département.
    expect([...bySituation.values()].map((list) => list.sort().join(' | ')).sort()).toEqual([
      '37050 1.1 null 2026-03-10',
      '37261 1.1 null 2026-01-01',
      '37261 1.1 null 2026-01-10 | 37261 1.2 waitingList 2026-06-01',
    ])
    expect(JSON.stringify(rows)).not.toContain('s1')
  })

  it('counts ruptures and hospitalisations per month of the period', async () => {
    await engine.sql
      .insertInto('timeline_events')
      .values([
        event('e1', 's1', 'rupture', '2026-03-05'),
        event('e2', 's2', 'rupture', '2026-03-20'),
        event('e3', 's1', 'hospitalisation', '2026-04-01'),
        event('e4', 's1', 'note', '2026-04-02'),
        event('e5', 's1', 'rupture', '2026-07-01'),
        event('e6', 's8', 'rupture', '2026-03-05'),
        event('e7', 's6', 'rupture', '2026-03-05'),
      ])
      .execute()
    const dashboard = createTerritoryDashboardRows(engine.sql)
    const rows = await dashboard.events({ departement: '37', from: '2026-03-01', to: '2026-06-30', kind: null, level: null, today: '2026-05-15' })
    expect(rows.sort((a, b) => `${a.month}${a.kind}`.localeCompare(`${b.month}${b.kind}`))).toEqual([
      { month: '2026-03', kind: 'rupture', n: 2 },
      { month: '2026-04', kind: 'hospitalisation', n: 1 },
    ])
  })
})
