import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from './index.ts'

describe('migration 015: the consent statements of a situation numbered in the order they were recorded', () => {
  it('numbers the rows already recorded by time, then by id for a tie, each situation from 1', () => {
    const db = new Database(':memory:')
    for (const migration of MIGRATIONS.filter((m) => m.id <= 14)) db.exec(migration.sql)
    const at = '2026-01-01T00:00:00.000Z'
    db.prepare("INSERT INTO situations (id, title, kind, created_at) VALUES ('s1', 'S1', 'pps', ?), ('s2', 'S2', 'pps', ?)").run(at, at)
    const insert = db.prepare("INSERT INTO consent_records (id, situation_id, status, how, recorded_by, given_at, recorded_at) VALUES (?, ?, 'agreed', 'oral', 'u', ?, ?)")
    insert.run('b', 's1', at, '2026-01-02T00:00:00.000Z')
    insert.run('c', 's1', at, '2026-01-01T00:00:00.000Z')
    insert.run('a', 's1', at, '2026-01-02T00:00:00.000Z')
    insert.run('d', 's2', at, '2026-01-03T00:00:00.000Z')
    db.exec(MIGRATIONS.find((m) => m.id === 15)!.sql)
    expect(db.prepare('SELECT id, seq FROM consent_records ORDER BY situation_id, seq').all()).toEqual([
      { id: 'c', seq: 1 },
      { id: 'a', seq: 2 },
      { id: 'b', seq: 3 },
      { id: 'd', seq: 1 },
    ])
  })
})
