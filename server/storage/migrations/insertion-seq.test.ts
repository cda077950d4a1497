import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from './index.ts'

describe('migration 016: versions and records of a situation numbered in the order they were written', () => {
  it('numbers the rows already written by time, then by id for a tie, each situation from 1', () => {
    const db = new Database(':memory:')
    for (const migration of MIGRATIONS.filter((m) => m.id <= 15)) db.exec(migration.sql)
    const at = '2026-01-01T00:00:00.000Z'
    db.prepare("INSERT INTO situations (id, title, kind, created_at) VALUES ('s1', 'S1', 'pps', ?), ('s2', 'S2', 'pps', ?)").run(at, at)
    const version = db.prepare("INSERT INTO versions (id, situation_id, label, created_at, created_by) VALUES (?, ?, 'v', ?, 'u')")
    version.run('vb', 's1', '2026-01-02T00:00:00.000Z')
    version.run('vc', 's1', '2026-01-01T00:00:00.000Z')
    version.run('va', 's1', '2026-01-02T00:00:00.000Z')
    version.run('vd', 's2', '2026-01-03T00:00:00.000Z')
    const event = db.prepare("INSERT INTO timeline_events (id, situation_id, date, kind, title, created_by, created_at) VALUES (?, 's1', '2026-01-01', 'event', 't', 'u', ?)")
    event.run('e2', '2026-01-05T00:00:00.000Z')
    event.run('e1', '2026-01-04T00:00:00.000Z')
    db.exec(MIGRATIONS.find((m) => m.id === 16)!.sql)
    expect(db.prepare('SELECT id, seq FROM versions ORDER BY situation_id, seq').all()).toEqual([
      { id: 'vc', seq: 1 },
      { id: 'va', seq: 2 },
      { id: 'vb', seq: 3 },
      { id: 'vd', seq: 1 },
    ])
    expect(db.prepare('SELECT id, seq FROM timeline_events ORDER BY seq').all()).toEqual([
      { id: 'e1', seq: 1 },
      { id: 'e2', seq: 2 },
    ])
    for (const table of ['agreements', 'commitments']) expect(db.prepare(`SELECT count(*) AS n FROM pragma_table_info('${table}') WHERE name = 'seq'`).get()).toEqual({ n: 1 })
  })
})
