import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from './migrations/index.ts'
import { createRequestRows } from './requests.ts'
import { sqliteSql } from './sql/sqlite.ts'
import { createServiceRows } from './services.ts'

/** A database as migration 13 left it, so migration 14 runs over real rows. */
function databaseAt13() {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  for (const migration of MIGRATIONS.filter((m) => m.id <= 13)) db.exec(migration.sql)
  const at = '2026-01-01T00:00:00.000Z'
  for (const id of ['user-desk', 'user-coord', 'user-other']) db.prepare('INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)').run(id, id, at)
  const request = db.prepare(
    `INSERT INTO requests (id, created_at, created_by, status, requester_kind, requester_name, person, reason, urgency, person_agrees, decided_at, decided_by)
     VALUES (?, ?, 'user-desk', ?, 'family', 'Sa fille', '{"name":"Madame Z"}', 'Conseil', 'routine', 'yes', ?, ?)`,
  )
  return { db, request, at }
}
const migrate14 = (db: Database.Database) => db.transaction(() => db.exec(MIGRATIONS.find((m) => m.id === 14)!.sql))()

describe('migration 014: services own their intake', () => {
  it('puts earlier requests in a default service whose coordinators are those who already decided one, and nobody else', async () => {
    const { db, request, at } = databaseAt13()
    request.run('r-waiting', at, 'waiting', null, null)
    request.run('r-decided', at, 'answered', at, 'user-coord')
    migrate14(db)
    const services = createServiceRows(sqliteSql(db))
    expect(await services.list()).toEqual([{ id: 'service-default', name: 'Service d\'accueil (demandes antérieures)', kind: 'other' }])
    expect(await services.roleOf('service-default', 'user-coord')).toBe('coordinator')
    expect(await services.roleOf('service-default', 'user-other')).toBeNull()
    const requests = createRequestRows(sqliteSql(db))
    expect(await requests.byId('r-waiting')).toMatchObject({ serviceId: 'service-default', serviceName: 'Service d\'accueil (demandes antérieures)', person: { name: 'Madame Z' } })
    // The desk that recorded them still follows them; the coordinator sees the service's; another account nothing.
    expect((await requests.visibleTo('user-desk')).map((r) => r.id).sort()).toEqual(['r-decided', 'r-waiting'])
    expect((await requests.visibleTo('user-coord')).map((r) => r.id).sort()).toEqual(['r-decided', 'r-waiting'])
    expect(await requests.visibleTo('user-other')).toEqual([])
  })

  it('creates no service on a database without requests, and refuses a new request without one', async () => {
    const { db, at } = databaseAt13()
    migrate14(db)
    expect(await createServiceRows(sqliteSql(db)).list()).toEqual([])
    expect(() =>
      db.prepare(
        `INSERT INTO requests (id, created_at, created_by, requester_kind, requester_name, person, reason, urgency, person_agrees)
         VALUES ('r', ?, 'user-desk', 'family', 'x', '{}', 'x', 'routine', 'yes')`,
      ).run(at),
    ).toThrow(/NOT NULL/)
  })

  it('a member removed from a service no longer lists its requests', async () => {
    const { db, at } = databaseAt13()
    migrate14(db)
    const services = createServiceRows(sqliteSql(db))
    const dac = await services.create({ name: 'DAC', kind: 'dac' })
    await services.setMember(dac.id, 'user-coord', 'coordinator')
    const requests = createRequestRows(sqliteSql(db))
    await requests.insert({
      id: 'r1', createdAt: at, createdBy: 'user-desk', serviceId: dac.id, requesterKind: 'family', requesterName: 'x', requesterOrganisation: '', requesterContact: '',
      requesterUserId: null, person: { name: 'P' } as never, reason: 'x', difficulties: '', urgency: 'routine', personInformed: true, personAgrees: 'yes', consentHow: '', level: null, territory: null,
    })
    expect((await requests.visibleTo('user-coord')).map((r) => r.id)).toEqual(['r1'])
    expect(await services.removeMember(dac.id, 'user-coord')).toBe(true)
    expect(await services.roleOf(dac.id, 'user-coord')).toBeNull()
    expect(await requests.visibleTo('user-coord')).toEqual([])
  })
})
